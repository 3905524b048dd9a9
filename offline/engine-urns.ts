/**
 * URNs as the Pulumi engine names them, from what the mocks recorded. The mocks qualify a
 * resource's type with its direct parent's type only; the engine qualifies it with every
 * ancestor's (`Cell$Service$Task$aws:iam/role:Role`). A resource registered with aliases
 * also answers to the URNs they name, and a child answers to the URNs its parent's aliases
 * give it (the engine derives a child's aliases from its parent's). Comparing these with the
 * URNs of an earlier version shows whether a change keeps every resource in place.
 */
import { RecordedResource } from "./mock-cloud";

/** What the engine calls a resource, and what else it answers to. */
export interface EngineUrns {
  urn: string;
  /** Every alias URN, its own and those inherited from its ancestors' aliases. */
  aliases: string[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Engine URNs of every recorded resource, by the URN the mocks gave it. */
export function engineUrns(
  resources: readonly RecordedResource[],
  stack: string,
  project = "storefront",
): Map<string, EngineUrns> {
  const byMockUrn = new Map(resources.map((r) => [r.urn, r]));
  const urnOf = (qualifiedType: string, name: string) => `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
  const typeOf = (urn: string) => urn.split("::")[2];

  const qualified = new Map<string, string>();
  const qualifiedType = (mockUrn: string): string => {
    const known = qualified.get(mockUrn);
    if (known !== undefined) return known;
    const resource = byMockUrn.get(mockUrn);
    if (!resource) throw new Error(`no recorded resource has URN ${mockUrn}`);
    const parent = resource.parentUrn && byMockUrn.get(resource.parentUrn);
    const type = parent && parent.type !== STACK_TYPE ? `${qualifiedType(parent.urn)}$${resource.type}` : resource.type;
    qualified.set(mockUrn, type);
    return type;
  };

  const aliasCache = new Map<string, string[]>();
  const aliasesOf = (mockUrn: string): string[] => {
    const known = aliasCache.get(mockUrn);
    if (known) return known;
    const resource = byMockUrn.get(mockUrn);
    if (!resource) throw new Error(`no recorded resource has URN ${mockUrn}`);
    const own = resource.aliases.map((alias) => {
      if (alias.urn) return alias.urn;
      const type = alias.type ?? resource.type;
      const parentUrn = alias.noParent ? undefined : (alias.parentUrn ?? resource.parentUrn);
      const parent = parentUrn ? byMockUrn.get(parentUrn) : undefined;
      return urnOf(
        parent && parent.type !== STACK_TYPE ? `${qualifiedType(parent.urn)}$${type}` : type,
        alias.name ?? resource.name,
      );
    });
    const inherited =
      resource.parentUrn && byMockUrn.has(resource.parentUrn)
        ? aliasesOf(resource.parentUrn).map((parentAlias) =>
            urnOf(`${typeOf(parentAlias)}$${resource.type}`, resource.name),
          )
        : [];
    const all = [...new Set([...own, ...inherited])];
    aliasCache.set(mockUrn, all);
    return all;
  };

  return new Map(
    resources.map((r) => [r.urn, { urn: urnOf(qualifiedType(r.urn), r.name), aliases: aliasesOf(r.urn) }]),
  );
}
