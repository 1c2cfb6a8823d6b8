/**
 * What the provider plugin does, on plain values: the gRPC server (`server.ts`) only converts messages. Every
 * resource is served by the same lifecycle the dynamic provider uses (the `provider` export of the definition's
 * implementation module: check, diff, create, read, update, delete, with the kernel's wire guards), so the two
 * front doors cannot drift. What the plugin adds is what a dynamic provider cannot have:
 * - previews that predict (create: the inputs plus unknowns for what the service decides; update: the old outputs
 *   under the new inputs, so ids stay known and dependents are not planned as replaced);
 * - a detailed diff from the definition's diff rules;
 * - import (`read` with no state: see `import.ts`);
 * - secret outputs marked secret by the provider itself (languages without generated SDKs, e.g. YAML, set no
 *   `additionalSecretOutputs`).
 */
import * as fs from "fs";

import type { DynamicProvider } from "../resources/common/dynamic";
import { diffByRules, type PropertyChange } from "../resources/common/diff";
import { RESOURCE_DEFINITIONS, type ResourceDefinition } from "../resources/definitions";
import { configure as configureRuntime, indirectResellers, partnerCenter } from "../runtime/runtime";
import { plaintextSecretMessage } from "../runtime/secret-config";
import { SECRET_SETTING_KEYS, SETTING_KEYS, type SettingKey } from "../runtime/settings";
import { completeImport, ImportIdError, importTarget } from "./import";
import type { ImportTarget } from "../resources/common/import";
import { FUNCTION_TOKENS, resourceToken } from "./schema";
import { configString, deepMerge, isSecretWrapper, UNKNOWN, withSecrets, type Props } from "./values";

/** An error the server answers with a gRPC status other than UNKNOWN. */
export class PluginError extends Error {
    constructor(
        message: string,
        /** `invalidArgument` (a request the plugin cannot serve) or `failedPrecondition` (refused configuration). */
        readonly kind: "invalidArgument" | "failedPrecondition",
    ) {
        super(message);
    }
}

interface Served {
    readonly definition: ResourceDefinition;
    /** The lifecycle, loaded on first use (loading it loads the client stack). */
    lifecycle(): DynamicProvider;
}

/**
 * The definition's implementation module, loaded by its package name like the dynamic stub loads it, but from its
 * real path: under `--preserve-symlinks` (the repository's tests set it, and the engine hands the environment to
 * plugins) a workspace symlink would otherwise load a second copy of the runtime, one this plugin never configured.
 */
function loadLifecycle(definition: ResourceDefinition): DynamicProvider {
    const file = fs.realpathSync(require.resolve(definition.implementationModule));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by data (the definition)
    const module = require(file) as { provider?: DynamicProvider };
    if (!module.provider) {
        throw new Error(`${definition.implementationModule} exports no provider`);
    }
    return module.provider;
}

const SERVED: ReadonlyMap<string, Served> = new Map(
    RESOURCE_DEFINITIONS.map((definition) => {
        let loaded: DynamicProvider | undefined;
        return [resourceToken(definition), { definition, lifecycle: () => (loaded ??= loadLifecycle(definition)) }];
    }),
);

function served(type: string): Served {
    const found = SERVED.get(type);
    if (!found) {
        throw new PluginError(
            `unknown resource type ${type}; this provider serves ${[...SERVED.keys()].join(", ")}`,
            "invalidArgument",
        );
    }
    return found;
}

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`, last type segment). */
export function typeOfUrn(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
}

// ---------------------------------------------------------------------------------------------------------------
// configuration

/** The settings as the engine hands them to `configure`: the `args` object, secrets still wrapped. */
export function configure(args: Props): void {
    // A credential set with `--secret` arrives wrapped; one set in plaintext arrives bare, and is in plaintext in
    // Pulumi.<stack>.yaml and in the default provider's inputs in state: refused, as the dynamic provider does.
    const plaintext = SECRET_SETTING_KEYS.filter((key) => args[key] !== undefined && !isSecretWrapper(args[key]));
    if (plaintext.length > 0) {
        throw new PluginError(plaintextSecretMessage(plaintext), "failedPrecondition");
    }
    const values = new Map<string, string>();
    for (const key of Object.keys(SETTING_KEYS) as SettingKey[]) {
        const raw = args[key];
        const value = configString(isSecretWrapper(raw) ? raw.value : raw);
        if (value !== undefined) {
            values.set(key, value);
        }
    }
    const lookup = (key: string) => values.get(key);
    try {
        configureRuntime(lookup);
    } catch {
        // Kept by the runtime and reported by the first call that needs the settings, naming the culprit key (a
        // check failure), as with the dynamic provider.
    }
    for (const { lifecycle } of SERVED.values()) {
        // The lifecycles' own configure (namespaced keys, as the dynamic host passes them); same runtime module.
        lifecycle()
            .configure({
                config: {
                    get: (key: string) => lookup(key.replace(/^partnercenter:/, "")),
                    require: (key: string) => {
                        const value = lookup(key.replace(/^partnercenter:/, ""));
                        if (value === undefined) {
                            throw new Error(`missing required configuration ${key}`);
                        }
                        return value;
                    },
                },
            })
            .catch(() => undefined); // the same settings: an error is kept by the runtime (see above)
    }
}

/** Provider config diff: a changed setting is an update of the provider, never a replacement of resources. */
export function diffConfig(olds: Props, news: Props): { changed: string[] } {
    const plain = (v: unknown) => JSON.stringify(isSecretWrapper(v) ? v.value : (v ?? null));
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return { changed: [...keys].filter((k) => plain(olds[k]) !== plain(news[k])).sort() };
}

// ---------------------------------------------------------------------------------------------------------------
// resources

export async function check(type: string, olds: Props, news: Props) {
    const result = await served(type).lifecycle().check(olds, news);
    return { inputs: result.inputs ?? {}, failures: result.failures ?? [] };
}

/** One property of a detailed diff, as the engine's `PropertyDiff.Kind` names it. */
export type DiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

export interface PluginDiff {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** Output keys an in-place update leaves as they are (the update preview keeps them known). */
    stables: string[];
    /** By property path (`billingProfile.email`), compared with the inputs. */
    detailedDiff: Record<string, DiffKind>;
}

function kindOf(change: PropertyChange, replaces: boolean): DiffKind {
    return replaces ? (`${change.kind}Replace` as DiffKind) : change.kind;
}

/**
 * The lifecycle's diff decides whether anything changes and what replaces (the same answer the dynamic provider
 * gives); the definition's diff rules say which paths changed, for the engine's detailed diff.
 */
export async function diff(type: string, id: string, olds: Props, news: Props): Promise<PluginDiff> {
    const { definition, lifecycle } = served(type);
    const result = await lifecycle().diff(id, olds, news);
    if (result.changes !== true) {
        return { changes: false, replaces: [], deleteBeforeReplace: false, stables: [], detailedDiff: {} };
    }
    const replaces = result.replaces ?? [];
    const byRules = diffByRules(definition.diffRules, olds, news, olds);
    const topOf = (path: string) => path.split(".")[0] ?? path;
    const detailedDiff: Record<string, DiffKind> = {};
    for (const [path, change] of Object.entries(byRules.detailedDiff)) {
        detailedDiff[path] = kindOf(change, change.policy === "replace" && replaces.includes(topOf(path)));
    }
    for (const key of replaces) {
        // A replacement the lifecycle decided beyond the static rules: still shown against its properties.
        const under = Object.keys(detailedDiff).filter((p) => topOf(p) === key);
        if (!under.some((p) => detailedDiff[p]?.endsWith("Replace"))) {
            if (under.length === 0) {
                detailedDiff[key] = "updateReplace";
            }
            for (const p of under) {
                detailedDiff[p] = kindOf(byRules.detailedDiff[p] as PropertyChange, true);
            }
        }
    }
    return {
        changes: true,
        replaces,
        deleteBeforeReplace: result.deleteBeforeReplace === true,
        stables: replaces.length === 0 ? definition.outputs.map((o) => o.name) : [],
        detailedDiff,
    };
}

/**
 * Create; in preview, the outputs it will have: the inputs, and unknown for each output the service decides. The
 * id is unknown in preview (every resource's id is assigned by the service).
 */
export async function create(type: string, news: Props, preview: boolean): Promise<{ id: string; outs: Props }> {
    const { definition, lifecycle } = served(type);
    if (preview) {
        const outs: Props = { ...news };
        for (const output of definition.outputs) {
            if (!(output.name in outs)) {
                outs[output.name] = UNKNOWN;
            }
        }
        return { id: "", outs };
    }
    const result = await lifecycle().create(news);
    return { id: result.id, outs: withSecrets(result.outs ?? {}, definition.secretOutputs) };
}

/**
 * Update; in preview, the old outputs under the new inputs: what the service decided at creation (ids, tenant,
 * credentials) stays known, so nothing that depends on them is planned as changed.
 */
export async function update(type: string, id: string, olds: Props, news: Props, preview: boolean): Promise<Props> {
    const { definition, lifecycle } = served(type);
    const outs = preview ? deepMerge(olds, news) : ((await lifecycle().update(id, olds, news)).outs ?? {});
    return withSecrets(outs, definition.secretOutputs);
}

/**
 * Read (refresh, `get`, import). On import the engine sends no state: `import.ts` seeds what the lifecycle needs
 * and completes the inputs from what was read, normalised by the definition's check, so a program that declares
 * the imported resource as it is previews with no changes.
 */
export async function read(
    type: string,
    id: string,
    props: Props,
    inputs: Props,
): Promise<{ id: string; outs: Props; inputs: Props }> {
    const { definition, lifecycle } = served(type);
    const importing = Object.keys(props).length === 0;
    let target: ImportTarget = { id, state: props };
    if (importing) {
        try {
            target = importTarget(definition, id);
        } catch (e) {
            throw e instanceof ImportIdError ? new PluginError(e.message, "invalidArgument") : e;
        }
    }
    const result = await lifecycle().read(target.id, target.state);
    if (!result.id) {
        return { id: "", outs: {}, inputs: {} };
    }
    let outs = result.props ?? {};
    let newInputs = result.inputs ?? (importing ? {} : inputs);
    if (importing) {
        ({ outs, inputs: newInputs } = completeImport(definition, outs, newInputs));
    }
    return { id: result.id, outs: withSecrets(outs, definition.secretOutputs), inputs: newInputs };
}

export async function remove(type: string, id: string, props: Props): Promise<void> {
    await served(type).lifecycle().delete(id, props);
}

// ---------------------------------------------------------------------------------------------------------------
// functions

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The functions (`getIndirectResellers`, `getCustomer`) as invokes, on the configured runtime's client. */
export async function invoke(token: string, args: Props): Promise<Props> {
    switch (token) {
        case FUNCTION_TOKENS.getIndirectResellers: {
            const name = typeof args["name"] === "string" ? args["name"].toLowerCase() : undefined;
            const mpnId = typeof args["mpnId"] === "string" ? args["mpnId"] : undefined;
            const resellers = (await indirectResellers())
                .map((r) => ({
                    id: r.id,
                    name: str(r.name),
                    mpnId: str(r.mpnId),
                    state: str(r.state),
                    location: str(r.location),
                }))
                .filter(
                    (r) =>
                        (name === undefined || r.name.toLowerCase().includes(name)) &&
                        (mpnId === undefined || r.mpnId === mpnId),
                );
            return { resellers };
        }
        case FUNCTION_TOKENS.getCustomer: {
            const customerId = args["customerId"];
            if (typeof customerId !== "string" || customerId === "") {
                throw new PluginError("getCustomer: customerId is required", "invalidArgument");
            }
            const c = await partnerCenter().getCustomer(customerId);
            return {
                id: c.id,
                commerceId: str(c.commerceId),
                tenantId: str(c.companyProfile?.tenantId) || c.id,
                domain: str(c.companyProfile?.domain),
                companyName: str(c.companyProfile?.companyName),
                relationshipToPartner: str(c.relationshipToPartner),
                associatedPartnerId: str(c.associatedPartnerId),
                allowDelegatedAccess: c.allowDelegatedAccess === true,
            };
        }
        default:
            throw new PluginError(
                `unknown function ${token}; this provider serves ${Object.values(FUNCTION_TOKENS).join(", ")}`,
                "invalidArgument",
            );
    }
}
