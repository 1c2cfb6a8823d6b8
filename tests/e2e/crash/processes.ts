/**
 * Process-tree helpers for the crash scenarios (reliability.test.ts, trust.test.ts): find every process under a
 * detached child from /proc and SIGKILL them all, synchronously, as a power cut would.
 */
import * as assert from "assert";
import * as fs from "fs";

/** A process killed by `killProcessTree`. */
export interface Victim {
    pid: number;
    ppid: number;
    pgid: number;
    command: string;
}

/** The processes under `root` (itself included), from /proc, synchronously. */
export function processTree(root: number): Victim[] {
    const all = new Map<number, { ppid: number; pgid: number; command: string }>();
    for (const name of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) {
            continue;
        }
        try {
            const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
            all.set(Number(name), { ppid: Number(fields[1]), pgid: Number(fields[2]), command });
        } catch {
            // gone meanwhile
        }
    }
    const tree: Victim[] = [];
    const queue = [root];
    while (queue.length > 0) {
        const pid = queue.shift()!;
        const info = all.get(pid);
        if (info) {
            tree.push({ pid, ...info });
        }
        for (const [child, c] of all) {
            if (c.ppid === pid) {
                queue.push(child);
            }
        }
    }
    return tree;
}

/**
 * SIGKILL a detached child's process group and every process under it, synchronously. The Pulumi CLI starts its
 * plugins (the provider host) in process groups of their own, so the group alone is not enough.
 */
export function killProcessTree(root: number): Victim[] {
    const tree = processTree(root);
    for (const target of [-root, ...tree.map((v) => -v.pgid), ...tree.map((v) => v.pid)]) {
        try {
            process.kill(target, "SIGKILL");
        } catch {
            // already gone
        }
    }
    return tree;
}

/** Whether a process is running (a zombie counts as gone). */
export function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
        return false;
    }
}

export async function waitUntilGone(pids: number[]): Promise<void> {
    for (let i = 0; i < 400 && pids.some(alive); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepStrictEqual(pids.filter(alive), [], "every killed process is gone");
}
