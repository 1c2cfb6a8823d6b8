/**
 * The policy pack's wiring (policy/src/pack.ts) with the arguments the policy SDK passes: properties behind the
 * SDK's own unknown-checking proxy, `getConfig`, `notApplicable`, the resource's provider. Each policy sees our
 * resources under both front doors' type tokens; an unknown value a rule needs ends in the SDK's UnknownValueError
 * (which the SDK reports as an advisory note) only when no known value is a violation; the delete rule reads the
 * endpoint from the plugin's provider inputs, else from the stack's settings. And the README lists every policy
 * with its enforcement level.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import {
    unknownCheckingProxy,
    UnknownValueError,
    type PolicyResource,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { buildPolicies, reveal, type SettingLookup } from "partnercenter-policy/pack";
import { UNKNOWN } from "partnercenter-policy/rules";

import { REPO_ROOT } from "../../scripts/pulumi-env";

// How the SDK (1.21) represents an unknown value after deserializing the engine's request: internal sentinels,
// checked below to still make its proxy throw, so this test cannot pass vacuously if they change.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownArrayValue: string };
const UNKNOWN_STRING = sdkProxy.unknownStringValue;
const UNKNOWN_ARRAY = sdkProxy.unknownArrayValue;

const DYNAMIC = "pulumi-nodejs:dynamic/partnercenter:";
const PLUGIN = "partnercenter:index:";
const EMULATOR_URL = "http://127.0.0.1:8787";

class NotApplicable extends Error {}

interface Reported {
    messages: string[];
    notApplicable?: string;
}

/** Run one resource policy as the SDK would; resolves with what it reported. Rejects with what it threw. */
function validate(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    options: { config?: object; provider?: { type: string; props: Record<string, unknown> } } = {},
): Reported {
    const reported: Reported = { messages: [] };
    const args = {
        type,
        name: "res",
        urn: `urn:pulumi:dev::p::${type}::res`,
        props: unknownCheckingProxy(props),
        getConfig: () => options.config ?? {},
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
        ...(options.provider
            ? {
                  provider: {
                      ...options.provider,
                      props: unknownCheckingProxy(options.provider.props),
                      urn: "urn:provider",
                      name: "default",
                  },
              }
            : {}),
    } as unknown as ResourceValidationArgs;
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    try {
        for (const v of validations) {
            void v?.(args, (message) => reported.messages.push(message));
        }
    } catch (e) {
        if (e instanceof NotApplicable) {
            reported.notApplicable = e.message;
        } else {
            throw e;
        }
    }
    return reported;
}

const noSettings: SettingLookup = () => undefined;

function policies(settings: SettingLookup = noSettings) {
    const all = buildPolicies(settings);
    const byName = (name: string) => {
        const p = all.find((x) => x.name === name);
        assert.ok(p, `policy ${name}`);
        return p;
    };
    return {
        all,
        resource: (name: string) => byName(name) as ResourceValidationPolicy,
        stack: (name: string) => byName(name) as StackValidationPolicy,
    };
}

describe("policy pack: wiring into @pulumi/policy", () => {
    it("the SDK's unknown sentinels still make its proxy throw UnknownValueError", () => {
        const props = unknownCheckingProxy({ a: UNKNOWN_STRING, b: UNKNOWN_ARRAY });
        assert.throws(() => props["a"], UnknownValueError);
        assert.throws(() => props["b"], UnknownValueError);
    });

    it("reveal reads every known value past the proxy and marks the unknown ones", () => {
        const { value, unknownErrors } = reveal(
            unknownCheckingProxy({
                roles: [UNKNOWN_STRING, "Global Reader"],
                companyProfile: { domain: UNKNOWN_STRING, organizationRegistrationNumber: "1" },
                duration: "P90D",
            }),
        );
        assert.deepStrictEqual(value, {
            roles: [UNKNOWN, "Global Reader"],
            companyProfile: { domain: UNKNOWN, organizationRegistrationNumber: "1" },
            duration: "P90D",
        });
        assert.deepStrictEqual([...unknownErrors.keys()].sort(), ["companyProfile.domain", "roles[0]"]);
    });

    it("every rule sees the dynamic provider's and the plugin's type tokens alike; other types are left alone", () => {
        const ga = policies().resource("gdap-no-global-administrator");
        for (const prefix of [DYNAMIC, PLUGIN]) {
            for (const typeName of ["GdapRelationship", "GdapAccessAssignment"]) {
                const { messages } = validate(ga, `${prefix}${typeName}`, { roles: ["Global Administrator"] });
                assert.strictEqual(messages.length, 1, `${prefix}${typeName}`);
                assert.match(messages[0]!, new RegExp(`${typeName} "res" asks for Global Administrator`));
            }
        }
        assert.deepStrictEqual(validate(ga, `${PLUGIN}IndirectResellerCustomer`, { roles: ["x"] }).messages, []);
        assert.deepStrictEqual(validate(ga, "other:index:GdapRelationship", { roles: ["Global Administrator"] }), {
            messages: [],
        });
    });

    it("an unknown value the rule needs ends in the SDK's UnknownValueError, with what `pulumi up` will do", () => {
        const ga = policies().resource("gdap-no-global-administrator");
        assert.throws(
            () => validate(ga, `${DYNAMIC}GdapRelationship`, { roles: UNKNOWN_ARRAY }),
            (e: unknown) =>
                e instanceof UnknownValueError &&
                /GdapRelationship "res": roles is not known yet \(from other resources' outputs\); `pulumi up` checks this rule/.test(
                    (e as Error).message,
                ),
        );
        // A known violation beside an unknown value is reported at the policy's level, not turned into a note.
        const mixed = validate(ga, `${DYNAMIC}GdapRelationship`, { roles: [UNKNOWN_STRING, "Global Administrator"] });
        assert.strictEqual(mixed.messages.length, 1);
        // An unknown value no rule reads changes nothing.
        assert.deepStrictEqual(
            validate(ga, `${PLUGIN}GdapRelationship`, { roles: ["Global Reader"], customerTenantId: UNKNOWN_STRING }),
            { messages: [] },
        );
    });

    it("configurable rules are not applicable until configured, then apply their config", () => {
        const resellers = policies().resource("customer-approved-resellers");
        const customer = { associatedPartnerId: "9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" };
        assert.match(
            validate(resellers, `${PLUGIN}IndirectResellerCustomer`, customer).notApplicable ?? "",
            /not configured/,
        );
        const configured = validate(resellers, `${DYNAMIC}IndirectResellerCustomer`, customer, {
            config: { approvedResellers: ["484e548c-f5f3-4528-93a9-c16c6373cb59"] },
        });
        assert.strictEqual(configured.messages.length, 1);
        const duration = policies().resource("gdap-max-duration");
        assert.strictEqual(
            validate(duration, `${PLUGIN}GdapRelationship`, { duration: "P400D" }, { config: { maxDuration: "P365D" } })
                .messages.length,
            1,
        );
    });

    it("the delete rule reads the plugin provider's endpoint, else the stack's settings (dynamic provider)", () => {
        const remove = { onDelete: "delete" };
        const settingsAt =
            (endpoint: string | undefined): SettingLookup =>
            (key) =>
                key === "endpoint" ? endpoint : undefined;
        // Dynamic provider: partnercenter:endpoint from stack config.
        const dynamic = `${DYNAMIC}IndirectResellerCustomer`;
        const nodejsProvider = { type: "pulumi:providers:pulumi-nodejs", props: {} };
        const sandbox = policies(settingsAt(EMULATOR_URL)).resource("customer-delete-sandbox-only");
        const production = policies(settingsAt(undefined)).resource("customer-delete-sandbox-only");
        assert.deepStrictEqual(validate(sandbox, dynamic, remove, { provider: nodejsProvider }).messages, []);
        assert.strictEqual(validate(production, dynamic, remove, { provider: nodejsProvider }).messages.length, 1);
        // Plugin: the provider resource's inputs win over the stack's settings.
        const plugin = `${PLUGIN}IndirectResellerCustomer`;
        const pluginProvider = (endpoint: unknown) => ({
            type: "pulumi:providers:partnercenter",
            props: { endpoint, clientId: "x" },
        });
        assert.deepStrictEqual(validate(production, plugin, remove, { provider: pluginProvider(EMULATOR_URL) }), {
            messages: [],
        });
        assert.strictEqual(
            validate(sandbox, plugin, remove, { provider: pluginProvider("global") }).messages.length,
            1,
        );
        assert.throws(
            () => validate(sandbox, plugin, remove, { provider: pluginProvider(UNKNOWN_STRING) }),
            (e: unknown) =>
                e instanceof UnknownValueError && /provider endpoint is not known yet/.test((e as Error).message),
        );
    });

    it("the stack rule links agreements to customers through property dependencies", () => {
        const rule = policies().stack("customer-has-agreement");
        const resource = (type: string, name: string, props: Record<string, unknown>, deps: PolicyResource[] = []) =>
            ({
                type,
                name,
                urn: `urn:pulumi:dev::p::${type}::${name}`,
                props: unknownCheckingProxy(props),
                propertyDependencies: { customerId: deps },
            }) as unknown as PolicyResource;
        const customer = resource(`${DYNAMIC}IndirectResellerCustomer`, "c", { customerId: UNKNOWN_STRING });
        const lonely = resource(`${PLUGIN}IndirectResellerCustomer`, "lonely", { customerId: "id-2" });
        const agreement = resource(`${DYNAMIC}CustomerAgreement`, "c-mca", { customerId: UNKNOWN_STRING }, [customer]);
        const reported: { message: string; urn?: string | undefined }[] = [];
        void rule.validateStack(
            {
                resources: [customer, agreement, lonely],
                getConfig: <T extends object>() => ({}) as T,
                stackTags: new Map(),
                notApplicable: () => {
                    throw new Error("not expected");
                },
            },
            (message, urn) => reported.push({ message, urn }),
        );
        assert.deepStrictEqual(
            reported.map((r) => r.urn),
            [lonely.urn],
        );
    });

    it("levels: the mandatory guardrails, the configurable ones, the advisory ones; README lists each", () => {
        const levels = Object.fromEntries(policies().all.map((p) => [p.name, p.enforcementLevel]));
        assert.deepStrictEqual(levels, {
            "gdap-no-global-administrator": "mandatory",
            "gdap-max-duration": "mandatory",
            "gdap-no-auto-extend-privileged": "mandatory",
            "customer-delete-sandbox-only": "mandatory",
            "customer-approved-resellers": "mandatory",
            "customer-domain-prefix": "mandatory",
            "customer-gdap-default-explicit": "advisory",
            "customer-has-agreement": "advisory",
        });
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Guardrails"));
        assert.ok(readme.includes("## Guardrails"), "README has a Guardrails section");
        for (const [name, level] of Object.entries(levels)) {
            assert.match(section, new RegExp(`\\| \`${name}\` \\| ${level}`), `README lists ${name} as ${level}`);
        }
    });
});
