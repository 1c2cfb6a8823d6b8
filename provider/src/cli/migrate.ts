/**
 * `pulumi-partnercenter migrate`: moves a stack's resources from the dynamic provider (the package's TypeScript
 * classes, type `pulumi-nodejs:dynamic/partnercenter:<Type>`) to the provider plugin (`partnercenter:index:<Type>`).
 * Aliases cannot change a resource's provider, so the move is the two steps Pulumi has for it, done for every
 * resource at once:
 *
 * 1. `pulumi import --file`: each resource under the plugin's type and its own name, by the import id its
 *    definition's importer names (`idOfState`: e.g. `relationshipId/assignmentId`). Only reads: nothing is created
 *    or changed in Partner Center or Graph.
 * 2. `pulumi state delete` of each dynamic resource (dependents first): state only, no provider call.
 *
 * Then the program must declare the plugin's types under the same names (the generated SDK, or YAML); its first
 * preview shows no changes. A rerun skips what was imported already, so a failed run can be repeated.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { resourceToken } from "../plugin/schema";
import { RESOURCE_DEFINITIONS } from "../resources/definitions";
import { parseCommandArgs } from "./args";

export const MIGRATE_USAGE = `usage: pulumi-partnercenter migrate [--stack NAME] [--dry-run]

Run in the project directory. Imports every resource of the stack that the dynamic provider manages
(pulumi-nodejs:dynamic/partnercenter:*) into the provider plugin's type (partnercenter:index:*) under the same
name, then deletes the dynamic ones from state (nothing in Partner Center changes). The project must name the
plugin (Pulumi.yaml plugins.providers, or pulumi plugin install resource partnercenter). Afterwards declare the
plugin's types in the program (e.g. @pulumi-partnercenter/sdk) under the same names: pulumi preview then shows
no changes. --dry-run prints the import file and the state deletes without running them.`;

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/partnercenter:";

/** A resource as `pulumi stack export` lists it. */
interface StateResource {
    urn: string;
    type: string;
    id?: string;
    parent?: string;
    outputs?: Record<string, unknown>;
}

/** One resource to move. */
export interface MigrationStep {
    /** The dynamic resource's URN (deleted from state). */
    readonly dynamicUrn: string;
    readonly name: string;
    /** The plugin's type token. */
    readonly type: string;
    /** The import id (`pulumi import <type> <name> <id>`). */
    readonly importId: string;
    /** The parent's URN, when it is not the stack. */
    readonly parent?: string;
    /** True when the plugin resource is in state already (an earlier run): only the delete remains. */
    readonly imported: boolean;
}

const nameOf = (urn: string) => urn.split("::").pop() ?? "";

/** What to import and delete, from the exported state; fails on a dynamic type this package does not define. */
export function planMigration(resources: readonly StateResource[]): MigrationStep[] {
    const present = new Set(resources.map((r) => `${r.type}::${nameOf(r.urn)}`));
    const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    return resources
        .filter((r) => r.type.startsWith(DYNAMIC_PREFIX))
        .map((r) => {
            const typeName = r.type.slice(DYNAMIC_PREFIX.length);
            const definition = RESOURCE_DEFINITIONS.find((d) => d.typeName === typeName);
            if (!definition) {
                throw new Error(`${r.urn}: no resource ${typeName} in this version of pulumi-partnercenter`);
            }
            const id = r.id ?? "";
            const type = resourceToken(definition);
            const name = nameOf(r.urn);
            return {
                dynamicUrn: r.urn,
                name,
                type,
                importId: definition.importer?.idOfState?.(id, r.outputs ?? {}) ?? id,
                ...(r.parent && r.parent !== stackUrn ? { parent: r.parent } : {}),
                imported: present.has(`${type}::${name}`),
            };
        });
}

/** The `pulumi import --file` document of the steps not imported yet (parents by URN through the name table). */
export function importFile(steps: readonly MigrationStep[]): {
    nameTable?: Record<string, string>;
    resources: { type: string; name: string; id: string; parent?: string }[];
} {
    const nameTable: Record<string, string> = {};
    const resources = steps
        .filter((s) => !s.imported)
        .map((s) => {
            if (!s.parent) {
                return { type: s.type, name: s.name, id: s.importId };
            }
            const key = `parent-${nameOf(s.parent)}`;
            nameTable[key] = s.parent;
            return { type: s.type, name: s.name, id: s.importId, parent: key };
        });
    return Object.keys(nameTable).length > 0 ? { nameTable, resources } : { resources };
}

interface Io {
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
    env: NodeJS.ProcessEnv;
    cwd: string;
}

/** `pulumi <args>` in the project; its output shown on stderr (stdout returned for `stack export`). */
function pulumi(args: string[], io: Io, capture = false): string {
    return execFileSync(io.env["PULUMI_CLI"] ?? "pulumi", args, {
        cwd: io.cwd,
        env: io.env,
        encoding: "utf8",
        stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
        maxBuffer: 512 * 1024 * 1024,
    });
}

function exportedResources(stackArgs: string[], io: Io): StateResource[] {
    const state = JSON.parse(pulumi(["stack", "export", ...stackArgs], io, true)) as {
        deployment?: { resources?: StateResource[] };
    };
    return state.deployment?.resources ?? [];
}

/** Run the command; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function migrate(argv: readonly string[], io: Io): Promise<number> {
    const values = parseCommandArgs(
        argv,
        {
            stack: { type: "string", short: "s" },
            "dry-run": { type: "boolean" },
        },
        MIGRATE_USAGE,
        io,
    );
    if (typeof values === "number") {
        return values;
    }
    const stackArgs = values.stack ? ["--stack", values.stack] : [];
    try {
        const steps = planMigration(exportedResources(stackArgs, io));
        if (steps.length === 0) {
            io.stdout.write("no dynamic-provider resource of pulumi-partnercenter in this stack: nothing to migrate\n");
            return 0;
        }
        const file = importFile(steps);
        const deletes = [...steps].reverse().map((s) => s.dynamicUrn);
        if (values["dry-run"]) {
            io.stdout.write(`${JSON.stringify({ import: file, stateDelete: deletes }, null, 2)}\n`);
            return 0;
        }
        if (file.resources.length > 0) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-migrate-"));
            try {
                const fileName = path.join(dir, "import.json");
                fs.writeFileSync(fileName, JSON.stringify(file, null, 2));
                pulumi(
                    ["import", "--file", fileName, "--yes", "--protect=false", "--generate-code=false", ...stackArgs],
                    io,
                );
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }
        // Only once every plugin resource is in state does a dynamic one leave it.
        const present = planMigration(exportedResources(stackArgs, io));
        const missing = present.filter((s) => !s.imported);
        if (missing.length > 0) {
            throw new Error(`not imported, state left as it was: ${missing.map((s) => s.dynamicUrn).join(", ")}`);
        }
        for (const urn of deletes) {
            pulumi(["state", "delete", urn, "--yes", ...stackArgs], io);
        }
        for (const s of steps) {
            io.stdout.write(`${s.name}: ${s.dynamicUrn.split("::")[2] ?? ""} -> ${s.type} (import id ${s.importId})\n`);
        }
        io.stdout.write(
            `migrated ${steps.length} resource(s). Now declare them in the program with the plugin's types under the ` +
                "same names (@pulumi-partnercenter/sdk, or YAML `type: partnercenter:index:<Type>`): `pulumi preview` " +
                "then shows no changes. Do not run `pulumi up` with the old program: it would declare the dynamic " +
                "resources again and delete the imported ones.\n",
        );
        return 0;
    } catch (e) {
        io.stderr.write(`pulumi-partnercenter migrate: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
    }
}
