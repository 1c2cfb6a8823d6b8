/**
 * The dynamic-provider adapter: turns a resource's lifecycle functions into the provider object its stub
 * delegates to, adding what every resource needs at the wire:
 * - `configure` reads the `partnercenter:*` keys into the shared runtime;
 * - check failures are rendered for the engine (nested paths without a property, values shown), and check and
 *   read results never carry `undefined` (the wire cannot: the engine would fail with "Unexpected struct type",
 *   naming nothing);
 * - diff always answers definite booleans and lists.
 */
import type * as pulumi from "@pulumi/pulumi";

import { configure } from "../../runtime/runtime";
import { failuresForEngine, withoutUndefinedDeep } from "./inputs";

type Props = Record<string, unknown>;

/** A resource's lifecycle, as its implementation module writes it. */
export interface Lifecycle {
    check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(news: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/** The provider object a stub delegates to: `configure` plus the lifecycle, wrapped as described above. */
export type DynamicProvider = Lifecycle & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> };

/** Wraps a lifecycle into the provider object of a resource's stub. */
export function dynamicProvider(lifecycle: Lifecycle): DynamicProvider {
    return {
        configure: async (req) => configure((key) => req.config.get(`partnercenter:${key}`)),
        check: async (olds, news) => {
            const result = await lifecycle.check(olds, news);
            return {
                inputs: withoutUndefinedDeep(result.inputs ?? {}),
                failures: failuresForEngine(result.failures ?? [], news),
            };
        },
        diff: async (id, olds, news) => {
            const result = await lifecycle.diff(id, olds, news);
            return {
                ...result,
                changes: result.changes === true,
                replaces: result.replaces ?? [],
                deleteBeforeReplace: result.deleteBeforeReplace === true,
            };
        },
        create: async (news) => {
            const result = await lifecycle.create(news);
            return { id: result.id, outs: withoutUndefinedDeep(result.outs ?? {}) };
        },
        read: async (id, props) => {
            const result = await lifecycle.read(id, props);
            return withoutUndefinedDeep(result);
        },
        update: async (id, olds, news) => {
            const result = await lifecycle.update(id, olds, news);
            return { outs: withoutUndefinedDeep(result.outs ?? {}) };
        },
        delete: (id, props) => lifecycle.delete(id, props),
    };
}
