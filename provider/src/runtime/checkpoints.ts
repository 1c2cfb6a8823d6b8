/**
 * The engine's default mode writes the whole state after every step (a checkpoint), so one stack of N customers
 * costs 2N writes of a state that grows to N × 6.6 KB: O(N²). Past a size the writes cost more than the calls
 * themselves can save; the provider says so once, early, in a run that will cross it (README "Bulk runs").
 */

/**
 * New customers in one run past which a create with per-step state writes takes more than 1.25 × the bound (the
 * time its calls need at Partner Center's rate). Measured with `npm run bench -- --checkpoint-growth` (README
 * "Bulk runs"): 1.115 × at 400, 1.077 × at 600, 1.189 × at 800 (the writes then 9 s behind the last call), 2.7 × at
 * 1000 (200 s behind); the crossing lies between 800 and 1000, and past it the cost grows faster than the stack.
 */
export const CHECKPOINT_COST_CUSTOMERS = 800;

/**
 * The limit in force: {@link CHECKPOINT_COST_CUSTOMERS}, or `PARTNERCENTER_CHECKPOINT_WARN_AT` (a positive whole
 * number: a state backend much faster or slower than a local disk moves the point; tests use a small one).
 */
export function checkpointCostLimit(env: NodeJS.ProcessEnv = process.env): number {
    const raw = Number(env["PARTNERCENTER_CHECKPOINT_WARN_AT"]);
    return Number.isInteger(raw) && raw > 0 ? raw : CHECKPOINT_COST_CUSTOMERS;
}

/** Whether the engine writes a checkpoint after every step (`PULUMI_SKIP_CHECKPOINTS` not truthy, as Pulumi reads it). */
export function checkpointsOn(env: NodeJS.ProcessEnv = process.env): boolean {
    const value = (env["PULUMI_SKIP_CHECKPOINTS"] ?? "").trim();
    return !(value === "1" || value.toLowerCase() === "true");
}

/** The warning, with both ways out. */
export function checkpointCostWarning(limit: number = CHECKPOINT_COST_CUSTOMERS): string {
    return (
        `this run creates or adopts more than ${limit} customers in one stack with the engine's default checkpoints ` +
        `(a full state write after every step, whose total cost grows with the square of the stack): past about ` +
        `${limit} customers the writes cost more than a quarter of the time the Partner Center calls need, and ` +
        `the run ends long after its last call (README "Bulk runs"). Either run bulk changes with ` +
        `PULUMI_SKIP_CHECKPOINTS=true (the state is written once, at the end; a run killed half-way is recovered ` +
        `with \`pulumi config set partnercenter:adoptExisting ifExists\` then \`pulumi up\`: every customer it ` +
        `created is adopted, none twice), or split the customers into smaller stacks (one per reseller, a few ` +
        `hundred each).`
    );
}
