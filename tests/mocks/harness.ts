/**
 * Runs a compiled Pulumi program under `pulumi.runtime.setMocks` and records what it registers, including the
 * resource options the mock monitor does not pass to `newResource` (additional secret outputs, provider refs).
 */
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { programOutputs } from "../../scripts/program-module";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const CUSTOMER_TYPE = "pulumi-nodejs:dynamic/partnercenter:IndirectResellerCustomer";
export const AGREEMENT_TYPE = "pulumi-nodejs:dynamic/partnercenter:CustomerAgreement";

export interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    additionalSecretOutputs: string[];
    /** Provider reference (`urn::id`), empty for default providers. */
    provider: string;
}

/** Deterministic fake outputs for what the provider would compute. */
function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    if (args.type === AGREEMENT_TYPE) {
        return {
            ...args.inputs,
            attestationId: `attestation-${args.name}`,
            status: "PendingAcceptance",
            pendingAction: `Send the acceptance link to ${String((args.inputs["signatory"] as { email?: string })?.email)}`,
        };
    }
    if (args.type !== CUSTOMER_TYPE) {
        return { ...args.inputs, name: args.inputs["name"] ?? `${args.name}-physical` };
    }
    return {
        ...args.inputs,
        // Partner Center's customer id is the customer's tenant id (the class exposes both as the resource id).
        customerId: `tenant-${args.name}`,
        tenantId: `tenant-${args.name}`,
        commerceId: `commerce-${args.name}`,
        companyName: (args.inputs["billingProfile"] as { companyName?: string } | undefined)?.companyName ?? "",
        userCredentials: { userName: "admin", password: "mock-password" },
    };
}

interface MonitorLike {
    registerResource(req: RegisterRequest, callback: (...args: unknown[]) => void): unknown;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getProvider(): string;
    getAdditionalsecretoutputsList(): string[];
}

/**
 * Load `dist/<programDir>/index.js` under fresh mocks with the given project config, wait until every resource it
 * declares is registered, and return the registrations and the module's exports.
 */
export async function loadProgram(programDir: string, project: string, config: Record<string, string>) {
    const registrations: Registration[] = [];
    const options = new Map<string, { additionalSecretOutputs: string[]; provider: string }>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const key = `${args.type}::${args.name}`;
                registrations.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs as Record<string, unknown>,
                    additionalSecretOutputs: options.get(key)?.additionalSecretOutputs ?? [],
                    provider: options.get(key)?.provider ?? "",
                });
                const id = args.type === CUSTOMER_TYPE ? `tenant-${args.name}` : `${args.name}-id`;
                return { id, state: mockState(args) };
            },
            call(args) {
                return args.inputs;
            },
        },
        project,
        "test",
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        options.set(`${req.getType()}::${req.getName()}`, {
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            provider: req.getProvider(),
        });
        return original(req, callback);
    };
    for (const [key, value] of Object.entries(config)) {
        pulumi.runtime.setConfig(`${project}:${key}`, value);
    }

    const file = path.join(REPO_ROOT, "dist", programDir, "index.js");
    delete require.cache[require.resolve(file)];
    // A fresh CommonJS load per run: `import()` would cache the program across mock runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = await programOutputs(require(file));
    const output = (name: string) =>
        new Promise<unknown>((resolve) => (pulumi.output(module[name]) as pulumi.Output<unknown>).apply(resolve));
    // Resolving every export waits for the registrations they depend on.
    await Promise.all(Object.keys(module).map(output));
    return { registrations, module, output };
}
