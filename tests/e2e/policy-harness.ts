/**
 * Shared by the policy pack's e2e tests: where the pack is, the programs' resources (a compliant stack and the
 * variants each case needs), a `--policy-pack-config` file, and the violations the CLI prints.
 */
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/pulumi-env";
import { customerArgs } from "../fixtures/customers";

/** The pack's directory (`policy/`, with PulumiPolicy.yaml), as users pass it to `--policy-pack`. */
export const POLICY_DIR = path.join(REPO_ROOT, "policy");

/** Roles of a least-privilege relationship, and the same with Global Administrator added. */
export const LEAST_PRIVILEGE = ["Helpdesk Administrator", "User Administrator", "Global Reader"];
export const WITH_GLOBAL_ADMIN = ["Helpdesk Administrator", "Global Administrator"];

/** A customer that satisfies every rule (explicit enableGDAPByDefault), with `overrides`. */
export function compliantCustomer(prefix: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return customerArgs(prefix, { enableGDAPByDefault: false, ...overrides });
}

/** The customer's agreement, less `customerId` (the programs pass the customer's output). */
export const AGREEMENT = {
    companyName: "Policy Contoso",
    country: "US",
    language: "en-US",
    signatory: { firstName: "Tania", lastName: "Carr", email: "tania@policycontoso.example" },
};

/** A relationship's inputs, less `customerTenantId`. */
export function relationship(displayName: string, roles: string[]): Record<string, unknown> {
    return { displayName, roles, duration: "P365D" };
}

/** Write a `--policy-pack-config` file into `dir`; returns its path. */
export function policyConfigFile(dir: string, name: string, config: Record<string, unknown>): string {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
}

/** One violation line of the CLI's "Policies:" block: `- [mandatory]  <policy>  (<type>: <name>)`. */
export interface PrintedViolation {
    level: string;
    policy: string;
    resource: string;
}

/** The violations a preview printed (none for a compliant stack). */
export function printedViolations(output: string): PrintedViolation[] {
    return [...output.matchAll(/- \[(mandatory|advisory|remediate)\]\s+(\S+)\s+\(([^)]*)\)/g)].map((m) => ({
        level: m[1]!,
        policy: m[2]!,
        resource: m[3]!,
    }));
}
