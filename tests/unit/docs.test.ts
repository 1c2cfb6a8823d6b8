/**
 * Documentation that must not fall behind the code (issue 19, point 12): the README's configuration table names
 * every setting with its environment variable, and the emulator's control endpoints are all in `cli.js --help` and
 * in emulator/README.md — and the list they are printed from covers every route the control API serves.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { SETTING_KEYS } from "pulumi-partnercenter/runtime";

import { CONTROL_ENDPOINTS } from "../../emulator/control";
import { REPO_ROOT } from "../../scripts/pulumi-env";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

/** The rows of the first table after `heading` (a blank line ends a Markdown table), as cells. */
function tableAfter(markdown: string, heading: string): string[][] {
    const start = markdown.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `a section '${heading}'`);
    const lines = markdown.slice(start + heading.length + 2).split("\n");
    const first = lines.findIndex((l) => l.startsWith("|"));
    const rows: string[][] = [];
    for (const line of lines.slice(first)) {
        if (!line.startsWith("|")) {
            break;
        }
        rows.push(
            line
                .slice(1, -1)
                .split(/(?<!\\)\|/)
                .map((c) => c.trim()),
        );
    }
    return rows.slice(2); // header and separator
}

describe("docs", () => {
    it("the README's configuration table has a row for every setting, naming its environment variable", () => {
        const rows = tableAfter(read("README.md"), "### Configuration keys");
        const documented = new Map<string, string>();
        for (const [keys = "", env = ""] of rows) {
            for (const key of keys.matchAll(/`([A-Za-z]+)`/g)) {
                documented.set(key[1]!, env);
            }
        }
        const missing = Object.entries(SETTING_KEYS)
            .filter(([key, env]) => !(documented.get(key) ?? "").includes(`\`${env}\``))
            .map(([key, env]) => `${key} (${env})`);
        assert.deepStrictEqual(missing, [], "settings missing from the README table, or without their variable");
        const unknown = [...documented.keys()].filter((key) => !(key in SETTING_KEYS));
        assert.deepStrictEqual(unknown, [], "rows for keys that are not settings");
    });

    it("`cli.js --help` lists every control endpoint, with options and an example", () => {
        const help = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "emulator", "cli.js"), "--help"], {
            encoding: "utf8",
        });
        const missing = CONTROL_ENDPOINTS.filter((e) => !new RegExp(`${e.method}\\s+${e.path}\\n`).test(help));
        assert.deepStrictEqual(missing, [], "control endpoints missing from --help");
        for (const option of ["--port", "--data", "--seed", "--production", "--rate-limit", "--burst", "--quiet"]) {
            assert.match(help, new RegExp(`\\n  ${option} `), `--help explains ${option}`);
        }
        assert.match(help, /Example:\n {2}node dist\/emulator\/cli\.js/);
    });

    it("the control endpoint list covers every route of the control API, and emulator/README.md documents each", () => {
        const listed = new Set(CONTROL_ENDPOINTS.map((e) => `${e.method} ${e.path}`));
        // The fixed routes of control.ts and the GDAP ones of GraphApi.control.
        const routed = [...read("emulator/control.ts").matchAll(/case "([A-Z]+ \/_emulator\/[^"]*)"/g)].map(
            (m) => m[1]!,
        );
        assert.ok(routed.length >= 10, `found the routes of control.ts (${routed.length})`);
        const graph = read("emulator/graph/GraphApi.ts");
        for (const [, p, method] of graph.matchAll(/path === "(\/_emulator\/[^"]+)" && method === "([A-Z]+)"/g)) {
            routed.push(`${method} ${p}`);
        }
        routed.push(
            "POST /_emulator/gdap/relationships/{id}/approve",
            "POST /_emulator/gdap/relationships/{id}/expire",
            "GET /_emulator/attestations/{attestationId}",
            "POST /_emulator/attestations/{attestationId}/accept",
            "POST /_emulator/customers/{customerId}/mca-direct-signed",
            "POST /_emulator/devicecodes/{userCode}/approve",
            "POST /_emulator/devicecodes/{userCode}/decline",
        );
        assert.deepStrictEqual(
            routed.filter((r) => !listed.has(r)),
            [],
            "routes missing from CONTROL_ENDPOINTS",
        );
        assert.deepStrictEqual(
            [...listed].filter((e) => !routed.includes(e)),
            [],
            "CONTROL_ENDPOINTS entries no route serves",
        );

        const readme = read("emulator/README.md");
        const undocumented = CONTROL_ENDPOINTS.filter((e) => !readme.includes(`| \`${e.method} ${e.path}\` |`));
        assert.deepStrictEqual(undocumented, [], "control endpoints missing from emulator/README.md's table");
        assert.match(readme, /customer id = tenant id = commerce id/);
    });
});
