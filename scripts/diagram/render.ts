/**
 * Renders DOT to SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): the
 * wasm is embedded in the package, so rendering needs no native Graphviz, no browser and
 * no network.
 */
type GraphvizModule = typeof import("@hpcc-js/wasm-graphviz");
type Graphviz = Awaited<ReturnType<GraphvizModule["Graphviz"]["load"]>>;

// The package is an ES module only. TypeScript compiles `import()` to `require()` for this
// CommonJS project, which Node 20 refuses for ES modules before 20.19; a real dynamic
// import works on every Node 20.
const importModule = new Function("specifier", "return import(specifier)") as (
  specifier: string,
) => Promise<GraphvizModule>;

let loading: Promise<Graphviz> | undefined;

/** The Graphviz instance, loaded once per process. */
function graphviz(): Promise<Graphviz> {
  loading ??= importModule("@hpcc-js/wasm-graphviz").then((module) => module.Graphviz.load());
  return loading;
}

/** The SVG of a DOT source, laid out with `dot`. */
export async function renderSvg(dot: string): Promise<string> {
  return (await graphviz()).dot(dot, "svg");
}
