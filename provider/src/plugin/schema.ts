/**
 * The Pulumi package schema of the provider plugin, generated from the resource definitions (never written by
 * hand): what `pulumi package get-schema`, the YAML language host and the SDK generators read. `schema.json` at the
 * root of the `pulumi-partnercenter` package is this function's output (`npm run generate`); a unit test fails
 * when the checked-in file drifts from it.
 *
 * Mapping:
 * - each definition → `resources["partnercenter:index:<typeName>"]`: `inputProperties`/`requiredInputs` from the
 *   top-level field rules (derived inputs excluded: users never set them), `properties`/`required` from the inputs
 *   plus the definition's outputs (secret ones `"secret": true`, so generated SDKs set `additionalSecretOutputs`);
 * - each `kind: "object"` field → a named type under `types` (`<typeName><PascalPath>`), referenced with `$ref`
 *   (an `objectList` field: an array of that type's items);
 * - `SETTING_KEYS` → `config.variables` and the provider's `inputProperties`, credentials secret;
 * - the two program-side functions → `functions` (served by the plugin's `invoke`).
 */
import { RESOURCE_DEFINITIONS, type OutputProperty, type ResourceDefinition } from "../resources/definitions";
import { policyOf, type DiffRule } from "../resources/common/diff";
import type { FieldRule } from "../resources/common/fields";
import { SECRET_SETTING_KEYS, SETTING_KEYS, type SettingKey } from "../runtime/settings";

/** The package name: the `partnercenter` of `partnercenter:index:<typeName>` and of the config keys. */
export const PACKAGE_NAME = "partnercenter";

/** The type token of a resource definition. */
export function resourceToken(definition: Pick<ResourceDefinition, "typeName">): string {
    return `${PACKAGE_NAME}:index:${definition.typeName}`;
}

/** Tokens of the functions the plugin serves through `invoke`. */
export const FUNCTION_TOKENS = {
    getIndirectResellers: `${PACKAGE_NAME}:index:getIndirectResellers`,
    getCustomer: `${PACKAGE_NAME}:index:getCustomer`,
} as const;

/** A JSON Schema-like property of the Pulumi package schema (the subset this package uses). */
export interface PropertySpec {
    description?: string;
    type?: "string" | "boolean" | "array" | "object";
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    $ref?: string;
    oneOf?: PropertySpec[];
    default?: string | boolean;
    secret?: boolean;
    willReplaceOnChanges?: boolean;
}

interface ObjectTypeSpec {
    description?: string;
    type: "object";
    properties: Record<string, PropertySpec>;
    required?: string[];
}

/** The Pulumi package schema (the parts this package fills). */
export interface PackageSchema {
    name: string;
    displayName: string;
    description: string;
    keywords: string[];
    license: string;
    repository?: string;
    publisher: string;
    version?: string;
    config: { variables: Record<string, PropertySpec> };
    provider: { description: string; inputProperties: Record<string, PropertySpec> };
    resources: Record<
        string,
        ObjectTypeSpec & {
            inputProperties: Record<string, PropertySpec>;
            requiredInputs: string[];
        }
    >;
    types: Record<string, ObjectTypeSpec>;
    functions: Record<
        string,
        {
            description: string;
            inputs: { properties: Record<string, PropertySpec>; required?: string[] };
            outputs: { properties: Record<string, PropertySpec>; required: string[] };
        }
    >;
    language: Record<string, Record<string, unknown>>;
}

/** What each setting is, for the schema (the keys themselves come from `SETTING_KEYS`). */
const SETTING_DESCRIPTIONS: Record<SettingKey, string> = {
    endpoint: "Partner Center API base URL (default `https://api.partnercenter.microsoft.com`).",
    authority: "Microsoft Entra authority host for tokens (default `https://login.microsoftonline.com`).",
    tenantId: "Your partner tenant id (App+User or App-only authentication).",
    clientId: "The application (client) id of your Partner Center app registration.",
    clientSecret: "The app registration's client secret. Set it with `--secret`.",
    clientCertificate:
        "Instead of clientSecret: PEM text with the app registration's certificate and its RSA private key; tokens " +
        "are requested with a client assertion signed by it. Set it with `--secret` (`pulumi config set --secret " +
        "partnercenter:clientCertificate < app.pem`).",
    clientCertificatePassword: "Passphrase of an encrypted private key in clientCertificate. Set it with `--secret`.",
    refreshToken:
        "A refresh token of a partner user (App+User authentication); `npx pulumi-partnercenter login` gets and " +
        "stores one. Set it with `--secret`.",
    accessToken: "A ready access token (short-lived; for tests). Set it with `--secret`.",
    requestsPerMinute: "Ceiling of Partner Center calls per minute (default 500).",
    maxConcurrency: "Maximum concurrent calls leaving one provider process (default 16).",
    pacing: "`adaptive` (default: slows down on 429s, up to `requestsPerMinute`) or `fixed`.",
    deadlineSeconds: "Overall deadline of one logical call, retries included.",
    attemptTimeoutSeconds: "Timeout of one HTTP attempt.",
    readAfterCreateLagSeconds:
        "How long after creation a 404 is taken for Partner Center's read-after-create lag (default 120).",
    locale: "The `X-Locale` sent to Partner Center (e.g. `en-US`).",
    domainPreflight: "`check` (default: preview reports a taken domain) or `create` (bulk: the POST reports it).",
    adoptExisting: "Default `adoptExisting` of customers that leave it unset: `ifExists` or `false`.",
    graphEndpoint: "Microsoft Graph base URL for GDAP (default `https://graph.microsoft.com`).",
    addressValidation: "`on` (default) or `off`: Partner Center address validation before a customer is created.",
};

/** The configuration settings as schema properties (strings; credentials secret). */
function settingProperties(): Record<string, PropertySpec> {
    return Object.fromEntries(
        (Object.keys(SETTING_KEYS) as SettingKey[]).map((key) => [
            key,
            {
                type: "string",
                description: `${SETTING_DESCRIPTIONS[key]} Environment fallback: \`${SETTING_KEYS[key]}\`.`,
                ...(SECRET_SETTING_KEYS.includes(key) ? { secret: true } : {}),
            } satisfies PropertySpec,
        ]),
    );
}

function pascal(path: string): string {
    return path
        .split(".")
        .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
        .join("");
}

function typeToken(definition: ResourceDefinition, path: string): string {
    return `${PACKAGE_NAME}:index:${definition.typeName}${pascal(path)}`;
}

/** What a change of `path` means, in words, from the definition's diff rules (static policies only). */
function changeNote(rules: readonly DiffRule[], path: string): string {
    const rule = rules.find((r) => r.path === path);
    if (!rule || typeof rule.policy === "function") {
        return "";
    }
    const policy = policyOf(rule, {});
    return policy === "replace" ? ` Changing it replaces the resource (${rule.why}).` : "";
}

/** The description of a field: its own, else its path, plus what a change means. */
function fieldDescription(definition: ResourceDefinition, field: FieldRule<never>): string {
    const own = field.description ?? `\`${field.path}\`.`;
    const oneOf = field.oneOf ? ` One of: ${field.oneOf.map((v) => `\`${v}\``).join(", ")}.` : "";
    const alsoStrings = field.alsoStrings ? ` Also accepts ${field.alsoStrings.map((v) => `"${v}"`).join(", ")}.` : "";
    return `${own}${oneOf}${alsoStrings}${changeNote(definition.diffRules, field.path)}`;
}

function fieldSpec(definition: ResourceDefinition, field: FieldRule<never>): PropertySpec {
    // A union (`oneOf`) takes no `default`: Go's SDK generator cannot write one (it emitted `pulumi.(false)`). The
    // provider's check applies the definition's default to an unset input anyway, so the schema only says it.
    const union = field.kind === "boolean" && field.alsoStrings !== undefined;
    const unionDefault =
        union && field.default !== undefined ? ` Default when unset: \`${String(field.default)}\`.` : "";
    const description = `${fieldDescription(definition, field)}${unionDefault}`;
    const base: PropertySpec = { description };
    if (field.default !== undefined && !union) {
        base.default = field.default;
    }
    // A replace-policy leaf directly on the resource: the engine's "forces replacement" hint in generated docs.
    const rule = definition.diffRules.find((r) => r.path === field.path);
    if (rule && typeof rule.policy !== "function" && rule.policy === "replace") {
        base.willReplaceOnChanges = true;
    }
    switch (field.kind) {
        case "object":
            return { ...base, $ref: `#/types/${typeToken(definition, field.path)}` };
        case "objectList":
            return { ...base, type: "array", items: { $ref: `#/types/${typeToken(definition, field.path)}` } };
        case "stringList":
            return { ...base, type: "array", items: { type: "string" } };
        case "boolean":
            return field.alsoStrings
                ? { ...base, oneOf: [{ type: "boolean" }, { type: "string" }] }
                : { ...base, type: "boolean" };
        case "string":
            return { ...base, type: "string" };
    }
}

function childrenOf(fields: readonly FieldRule<never>[], parent: string): FieldRule<never>[] {
    return fields.filter((f) => {
        const dot = f.path.lastIndexOf(".");
        return (dot < 0 ? "" : f.path.slice(0, dot)) === parent;
    });
}

function keyOf(path: string): string {
    return path.slice(path.lastIndexOf(".") + 1);
}

/** The properties and required keys of one level of a definition's input tree (`""`: the top level). */
function levelOf(definition: ResourceDefinition, parent: string) {
    const fields = childrenOf(definition.inputs.fields, parent).filter(
        (f) => !definition.inputs.derived.includes(f.path),
    );
    return {
        properties: Object.fromEntries(fields.map((f) => [keyOf(f.path), fieldSpec(definition, f)])),
        required: fields.filter((f) => f.required === true).map((f) => keyOf(f.path)),
    };
}

function outputSpec(output: OutputProperty): PropertySpec {
    const base: PropertySpec = { description: output.description, ...(output.secret ? { secret: true } : {}) };
    switch (output.type ?? "string") {
        case "boolean":
            return { ...base, type: "boolean" };
        case "stringList":
            return { ...base, type: "array", items: { type: "string" } };
        case "object":
            // The kernel does not describe output objects' members: a map of any values.
            return { ...base, type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
        case "objectList":
            return {
                ...base,
                type: "array",
                items: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } },
            };
        default:
            return { ...base, type: "string" };
    }
}

function resourceSpec(definition: ResourceDefinition): PackageSchema["resources"][string] {
    const top = levelOf(definition, "");
    const outputs = Object.fromEntries(definition.outputs.map((o) => [o.name, outputSpec(o)]));
    return {
        description: `${definition.description}\n\n## Import\n\nThe id is ${definition.idDescription}:\n\n\`\`\`sh\npulumi import ${resourceToken(definition)} <name> ${definition.importer?.idForm ?? "<id>"}\n\`\`\``,
        type: "object",
        inputProperties: top.properties,
        requiredInputs: top.required,
        // State holds the applied inputs (normalised, defaults set) and the outputs.
        properties: { ...top.properties, ...outputs },
        required: [...new Set([...top.required, ...definition.outputs.map((o) => o.name)])].sort(),
    };
}

function objectTypes(definition: ResourceDefinition): Record<string, ObjectTypeSpec> {
    return Object.fromEntries(
        definition.inputs.fields
            .filter(
                (f) => (f.kind === "object" || f.kind === "objectList") && !definition.inputs.derived.includes(f.path),
            )
            .map((f) => {
                const level = levelOf(definition, f.path);
                return [
                    typeToken(definition, f.path),
                    {
                        description: fieldDescription(definition, f),
                        type: "object",
                        properties: level.properties,
                        ...(level.required.length > 0 ? { required: level.required } : {}),
                    } satisfies ObjectTypeSpec,
                ];
            }),
    );
}

const RESELLER_PROPERTIES: Record<string, PropertySpec> = {
    id: { type: "string", description: "The reseller's tenant id: use it as `associatedPartnerId`." },
    name: { type: "string", description: "The reseller's name." },
    mpnId: { type: "string", description: "The reseller's MPN id (Partner ID)." },
    state: { type: "string", description: "The relationship's state (`Active`, ...)." },
    location: { type: "string", description: "The reseller's location." },
};

function functionSpecs(): PackageSchema["functions"] {
    return {
        [FUNCTION_TOKENS.getIndirectResellers]: {
            description:
                "Your indirect resellers (`GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`), " +
                "optionally filtered.",
            inputs: {
                properties: {
                    name: { type: "string", description: "Case-insensitive substring of the reseller's name." },
                    mpnId: { type: "string", description: "Exact MPN id (Partner ID)." },
                },
            },
            outputs: {
                properties: {
                    resellers: {
                        type: "array",
                        items: { $ref: `#/types/${PACKAGE_NAME}:index:IndirectReseller` },
                        description: "The matching indirect resellers.",
                    },
                },
                required: ["resellers"],
            },
        },
        [FUNCTION_TOKENS.getCustomer]: {
            description:
                "A customer by id (`GET /v1/customers/{id}`). Partner Center never returns the admin credentials here.",
            inputs: {
                properties: { customerId: { type: "string", description: "The Partner Center customer id." } },
                required: ["customerId"],
            },
            outputs: {
                properties: {
                    id: { type: "string", description: "The customer id." },
                    commerceId: { type: "string", description: "The customer's commerce id." },
                    tenantId: { type: "string", description: "The customer's Microsoft Entra tenant id." },
                    domain: { type: "string", description: "The tenant's initial domain." },
                    companyName: { type: "string", description: "The company name." },
                    relationshipToPartner: { type: "string", description: "`reseller`, `none`, ..." },
                    associatedPartnerId: { type: "string", description: "The indirect reseller, when known." },
                    allowDelegatedAccess: { type: "boolean", description: "Whether delegated access was granted." },
                },
                required: ["id", "tenantId", "domain", "companyName", "relationshipToPartner"],
            },
        },
    };
}

/**
 * The package schema for `version` (the plugin's version; omitted in the checked-in file so that a version bump
 * alone is no drift).
 */
export function buildSchema(version?: string): PackageSchema {
    const settings = settingProperties();
    const types: Record<string, ObjectTypeSpec> = {
        [`${PACKAGE_NAME}:index:IndirectReseller`]: {
            description: "An indirect reseller you (the indirect provider) have a partnership with.",
            type: "object",
            properties: RESELLER_PROPERTIES,
            required: Object.keys(RESELLER_PROPERTIES),
        },
    };
    for (const definition of RESOURCE_DEFINITIONS) {
        Object.assign(types, objectTypes(definition));
    }
    return {
        name: PACKAGE_NAME,
        displayName: "Microsoft Partner Center",
        description:
            "Microsoft Partner Center for CSP indirect providers: customers for indirect resellers, Microsoft " +
            "Customer Agreement attestation, GDAP relationships and access assignments.",
        keywords: ["pulumi", "partnercenter", "csp", "gdap", "category/cloud"],
        license: "Apache-2.0",
        publisher: "partnercenter-pulumi",
        ...(version ? { version } : {}),
        config: { variables: settings },
        provider: {
            description:
                "The provider type of the partnercenter package: its inputs are the `partnercenter:*` settings.",
            inputProperties: settings,
        },
        resources: Object.fromEntries(RESOURCE_DEFINITIONS.map((d) => [resourceToken(d), resourceSpec(d)])),
        types,
        functions: functionSpecs(),
        language: {
            nodejs: { packageName: "@pulumi-partnercenter/sdk", dependencies: { "@pulumi/pulumi": "^3.139.0" } },
            go: {
                importBasePath: "github.com/partnercenter-pulumi/sdk/go/partnercenter",
                generateResourceContainerTypes: false,
            },
            python: { packageName: "pulumi_partnercenter", requires: { pulumi: ">=3.139.0,<4.0.0" } },
        },
    };
}

/** The schema as the checked-in `schema.json` holds it: stable key order, two-space indent, final newline. */
export function schemaJson(version?: string): string {
    return `${JSON.stringify(buildSchema(version), null, 2)}\n`;
}
