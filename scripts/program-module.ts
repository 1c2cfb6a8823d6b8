/**
 * What a Pulumi Node program module yields, by the rule of the SDK's own entry point (`cmd/run/run.ts`, v3.248):
 * a module whose export (or default export) is a function is called and awaited, and its result is the stack's
 * outputs; any other module's exports are the outputs. Shared by inline programs (scripts/pulumi-env.ts) and
 * the setMocks harness, so both run an async program (e.g. examples/bulk-onboarding) as `pulumi up` does.
 */
export async function programOutputs(moduleExports: unknown): Promise<Record<string, unknown>> {
    const exported = moduleExports as { default?: unknown } | (() => unknown) | undefined;
    const entry =
        typeof exported === "function"
            ? exported
            : typeof exported?.default === "function"
              ? (exported.default as () => unknown)
              : undefined;
    const outputs = entry ? await entry() : moduleExports;
    return (outputs ?? {}) as Record<string, unknown>;
}
