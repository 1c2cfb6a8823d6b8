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

/**
 * A resource's lifecycle, typed by its checked inputs `I` and its state `O` (the outputs it stores). Only `check`
 * sees raw values; the engine passes every later step what `check` returned (new inputs) and what
 * create/update/read returned (state), so the adapter types them once, here, instead of each step casting.
 */
export interface Lifecycle<I, O> {
    check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: I): Promise<{ id: string; outs: O }>;
    read(id: string, state: O): Promise<{ id: string; props: O | Props; inputs?: I | Props }>;
    update(id: string, olds: O, news: I): Promise<{ outs: O }>;
    delete(id: string, state: O): Promise<void>;
}

/** The provider object the stub delegates to (raw values, as the engine sends them). */
export interface DynamicProvider {
    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
    check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
    create(news: Props): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/** Checked inputs and stored state, as the lifecycle's types (see {@link Lifecycle}). */
const typed = <T>(value: Props): T => value as unknown as T;
/** Lifecycle results as the wire's plain records (no `undefined` anywhere). */
const plain = (value: unknown): Props => withoutUndefinedDeep(value ?? {}) as Props;

/** Wraps a lifecycle into the provider object of a resource's stub. */
export function dynamicProvider<I, O>(lifecycle: Lifecycle<I, O>): DynamicProvider {
    return {
        configure: async (req) => configure((key) => req.config.get(`partnercenter:${key}`)),
        check: async (olds, news) => {
            const result = await lifecycle.check(olds, news);
            return { inputs: plain(result.inputs), failures: failuresForEngine(result.failures ?? [], news) };
        },
        diff: async (id, olds, news) => {
            const result = await lifecycle.diff(id, typed<O>(olds), typed<I>(news));
            return {
                ...result,
                changes: result.changes === true,
                replaces: result.replaces ?? [],
                deleteBeforeReplace: result.deleteBeforeReplace === true,
            };
        },
        create: async (news) => {
            const result = await lifecycle.create(typed<I>(news));
            return { id: result.id, outs: plain(result.outs) };
        },
        read: async (id, props) => {
            const result = await lifecycle.read(id, typed<O>(props));
            return plain(result) as pulumi.dynamic.ReadResult;
        },
        update: async (id, olds, news) => {
            const result = await lifecycle.update(id, typed<O>(olds), typed<I>(news));
            return { outs: plain(result.outs) };
        },
        delete: (id, props) => lifecycle.delete(id, typed<O>(props)),
    };
}
