/**
 * The provider plugin's package schema: generated from the resource definitions, checked in as
 * `provider/schema.json`, and compared byte for byte here, so a definition change without `npm run generate` fails.
 * Also what the schema must say for SDKs and YAML to work: every definition under its token, nested objects as
 * `$ref`s to named types that exist, required inputs, secret outputs, and the settings with credentials secret.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { RESOURCE_DEFINITIONS } from "pulumi-partnercenter/definitions";
import { installationConfigurationDoc } from "pulumi-partnercenter/plugin/registry-docs";
import { buildSchema, schemaJson, type PropertySpec } from "pulumi-partnercenter/plugin/schema";

const SCHEMA_FILE = path.resolve(__dirname, "..", "..", "..", "provider", "schema.json");

/** Every `$ref` in a JSON tree. */
function refsIn(value: unknown): string[] {
    if (Array.isArray(value)) {
        return value.flatMap(refsIn);
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
            k === "$ref" && typeof v === "string" ? [v] : refsIn(v),
        );
    }
    return [];
}

describe("plugin: package schema from the definitions", () => {
    const schema = buildSchema();

    it("docs/installation-configuration.md is what the schema generates: every config key, secret, import id", () => {
        const doc = fs.readFileSync(
            path.resolve(__dirname, "..", "..", "..", "docs", "installation-configuration.md"),
            "utf8",
        );
        assert.strictEqual(doc, installationConfigurationDoc(), "run `npm run generate`");
        for (const [key, spec] of Object.entries(buildSchema().config.variables)) {
            assert.match(doc, new RegExp(`\\| \`partnercenter:${key}\` \\| ${spec.secret ? "yes" : ""} \\|`), key);
        }
        assert.match(doc, /^---\ntitle: .+\nmeta_desc: .+\nlayout: package\n---\n/);
    });

    it("provider/schema.json is what the definitions generate (run `npm run generate` after changing them)", () => {
        assert.strictEqual(fs.readFileSync(SCHEMA_FILE, "utf8"), schemaJson());
    });

    it("serves every definition under partnercenter:index:<typeName>, with required inputs and secret outputs", () => {
        assert.deepStrictEqual(
            Object.keys(schema.resources).sort(),
            RESOURCE_DEFINITIONS.map((d) => `partnercenter:index:${d.typeName}`).sort(),
        );
        for (const definition of RESOURCE_DEFINITIONS) {
            const resource = schema.resources[`partnercenter:index:${definition.typeName}`];
            assert.ok(resource);
            const requiredTop = definition.inputs.fields
                .filter((f) => !f.path.includes(".") && f.required === true)
                .map((f) => f.path);
            assert.deepStrictEqual(resource.requiredInputs, requiredTop, definition.typeName);
            for (const derived of definition.inputs.derived) {
                assert.ok(!(derived in resource.inputProperties), `${derived} is derived, not a user input`);
            }
            for (const output of definition.outputs) {
                const spec: PropertySpec | undefined = resource.properties[output.name];
                assert.ok(spec, `${definition.typeName}.${output.name} is a property`);
                assert.strictEqual(spec.secret === true, output.secret === true, `${output.name} secret`);
                assert.ok(spec.description, `${output.name} has a description`);
            }
        }
        const customer = schema.resources["partnercenter:index:IndirectResellerCustomer"];
        assert.strictEqual(customer?.properties["userCredentials"]?.secret, true);
    });

    it("nested objects are named types, every $ref resolves, and nested required fields are listed", () => {
        for (const ref of refsIn(schema)) {
            if (ref.startsWith("pulumi.json#/")) {
                continue;
            }
            const token = ref.replace(/^#\/types\//, "");
            assert.ok(schema.types[token], `${ref} resolves`);
        }
        const address = schema.types["partnercenter:index:IndirectResellerCustomerBillingProfileDefaultAddress"];
        assert.ok(address);
        assert.ok(address.required?.includes("country"));
        assert.ok(!address.required?.includes("addressLine2"));
    });

    it("an object list is an array of a named object type (ApplicationConsent.applicationGrants)", () => {
        const grants = schema.resources["partnercenter:index:ApplicationConsent"]?.inputProperties["applicationGrants"];
        assert.strictEqual(grants?.type, "array");
        assert.strictEqual(grants?.items?.$ref, "#/types/partnercenter:index:ApplicationConsentApplicationGrants");
        const item = schema.types["partnercenter:index:ApplicationConsentApplicationGrants"];
        assert.deepStrictEqual(Object.keys(item?.properties ?? {}).sort(), ["enterpriseApplicationId", "scope"]);
        assert.deepStrictEqual(item?.required, ["enterpriseApplicationId", "scope"]);
    });

    it("config variables are the settings, credentials secret, and the provider takes the same inputs", () => {
        const variables = schema.config.variables;
        for (const key of ["endpoint", "tenantId", "clientId", "clientSecret", "refreshToken", "accessToken"]) {
            assert.ok(variables[key], key);
        }
        const secret = (spec: PropertySpec | undefined) => spec?.secret === true;
        assert.deepStrictEqual(
            Object.keys(variables).filter((k) => secret(variables[k])),
            ["clientSecret", "clientCertificate", "clientCertificatePassword", "refreshToken", "accessToken"],
        );
        assert.deepStrictEqual(schema.provider.inputProperties, variables);
    });

    it("lists the two functions", () => {
        assert.deepStrictEqual(Object.keys(schema.functions).sort(), [
            "partnercenter:index:getCustomer",
            "partnercenter:index:getIndirectResellers",
        ]);
    });
});
