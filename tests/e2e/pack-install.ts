/**
 * The packed package as npm would install it, offline (shared by the e2e tests that install the tarball of
 * `npm pack --workspace provider` into a project outside the repository).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/pulumi-env";

/** `npm pack --workspace provider` into `dir`; returns the tarball's path. */
export function packProvider(dir: string): string {
    const packed = execFileSync("npm", ["pack", "--workspace", "provider", "--silent", "--pack-destination", dir], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    });
    return path.join(dir, packed.trim().split("\n").pop() ?? "");
}

/**
 * "npm install @pulumi/pulumi <tarball>" and "npm install --save-dev typescript @types/node", offline: what npm
 * would leave in the project, with the packages taken from this repository's node_modules.
 */
export function install(project: string, tarball: string): void {
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
    execFileSync("tar", ["xzf", tarball, "-C", project]);
    const installed = path.join(modules, "pulumi-partnercenter");
    fs.renameSync(path.join(project, "package"), installed);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
    };
    const packages = [...Object.keys(manifest.dependencies ?? {}), "@pulumi/pulumi", "typescript", "@types/node"];
    for (const name of packages) {
        const source = path.join(REPO_ROOT, "node_modules", name);
        assert.ok(fs.existsSync(source), `${name} is in this repository's node_modules`);
        fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
        fs.symlinkSync(source, path.join(modules, name));
    }
    fs.symlinkSync(path.join("..", "typescript", "bin", "tsc"), path.join(modules, ".bin", "tsc"));
    const version = (name: string) =>
        (JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8")) as { version: string }).version;
    fs.writeFileSync(
        path.join(project, "package.json"),
        JSON.stringify(
            {
                name: "partnercenter-consumer",
                main: "index.ts",
                dependencies: {
                    "@pulumi/pulumi": `^${version("@pulumi/pulumi")}`,
                    "pulumi-partnercenter": `file:${path.basename(tarball)}`,
                },
                devDependencies: {
                    "@types/node": `^${version("@types/node")}`,
                    typescript: `^${version("typescript")}`,
                },
            },
            null,
            4,
        ),
    );
}
