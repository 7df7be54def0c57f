/**
 * The nft tables this host already has, where this process can see them (nft installed, and
 * allowed to list). `render --name` refuses a name whose `inet` table exists here but was not
 * made by this tool: the ruleset starts with `delete table`, which would wipe it on load.
 * Best effort by design: rendering often happens on another machine than the firewall's, and
 * without nft or privileges there is nothing to see. One nft call (about 0.1 s), made only for
 * an explicit --name: the default is this tool's own table.
 */
import { execFileSync } from "node:child_process";
import { TABLE_MARKER } from "./nftables";

const NFT_TIMEOUT_MS = 3000;

function nft(args: string[]): string | undefined {
    try {
        return execFileSync("nft", args, { encoding: "utf8", timeout: NFT_TIMEOUT_MS, stdio: ["ignore", "pipe", "ignore"] });
    } catch {
        return undefined;
    }
}

/**
 * Whether `inet <table>` exists on this host without this tool's marker; false when nothing
 * can be seen (no nft, no privileges, or no such table: nft then fails).
 */
export function foreignHostTable(table: string): boolean {
    const body = nft(["list", "table", "inet", table]);
    return body !== undefined && !body.includes(`comment "${TABLE_MARKER}"`);
}
