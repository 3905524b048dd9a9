/**
 * The origin-verify secret's two slots. The home cell owns both values (they never move with
 * the primary); every cell's load balancer accepts both, and the edge sends the active one.
 * Rotating means regenerating the slot the edge does not send (a new generation), deploying
 * the cells so they accept it, then making it the active slot and deploying the edge: at no
 * moment does CloudFront send a value a cell refuses (docs/recovery.md, "Rotating the origin
 * secret").
 */
import { ConfigReader } from "./reader";

/** The two slots, `a` (the value generated before slots existed) and `b`. */
export const ORIGIN_SECRET_SLOTS = ["a", "b"] as const;
export type OriginSecretSlot = (typeof ORIGIN_SECRET_SLOTS)[number];

/** A slot's generation: raising it draws a new value for the slot. */
export const ORIGIN_SECRET_GENERATION = { min: 1, max: 1_000_000 };

export interface OriginSecretConfig {
  /** The slot whose value the edge sends. */
  activeSlot: OriginSecretSlot;
  /** Generation of slot `a`'s value: raising it draws a new value. */
  slotAGeneration: number;
  /** Generation of slot `b`'s value. */
  slotBGeneration: number;
}

/** A slot's generation in `config`. */
export function slotGeneration(config: OriginSecretConfig, slot: OriginSecretSlot): number {
  return slot === "a" ? config.slotAGeneration : config.slotBGeneration;
}

/** The fields of `storefront:originSecret`. */
export const ORIGIN_SECRET_FIELDS = ["activeSlot", "slotAGeneration", "slotBGeneration"] as const;

/** The default: slot `a` active, both slots in their first generation. */
export const DEFAULT_ORIGIN_SECRET: OriginSecretConfig = { activeSlot: "a", slotAGeneration: 1, slotBGeneration: 1 };

/**
 * Reads `storefront:originSecret`; only the home cell may set it (the other cells accept
 * whatever the home generated). `isHome` false with the key set is a problem naming the key.
 */
export function readOriginSecretConfig(config: ConfigReader, isHome: boolean, homeStack: string): OriginSecretConfig {
  if (!isHome) {
    if (config.has("originSecret")) {
      config.problem(
        "originSecret",
        config.raw("originSecret"),
        `belongs to the home cell "${homeStack}" (homeStack) only, which generates the origin-verify secret for every cell`,
      );
    }
    return DEFAULT_ORIGIN_SECRET;
  }
  const secret = config.object("originSecret", ORIGIN_SECRET_FIELDS);
  return {
    activeSlot: secret.oneOf("activeSlot", ORIGIN_SECRET_SLOTS, "a"),
    slotAGeneration: secret.integer("slotAGeneration", 1, ORIGIN_SECRET_GENERATION),
    slotBGeneration: secret.integer("slotBGeneration", 1, ORIGIN_SECRET_GENERATION),
  };
}
