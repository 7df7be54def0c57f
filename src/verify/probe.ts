import { connect } from "node:net";

/**
 * What one TCP connect says about a port from where it runs:
 * - `listening`: the handshake completed;
 * - `refused`: a RST (nothing bound there, or a firewall that rejects);
 * - `filtered`: no answer within the timeout, or an ICMP "unreachable" (a firewall that drops).
 */
export type ProbeResult = "listening" | "refused" | "filtered";

/** Errors that mean a firewall or route stopped the SYN, not that nothing listens. */
const FILTERED_CODES = new Set(["EHOSTUNREACH", "ENETUNREACH", "EACCES", "EPERM", "ETIMEDOUT"]);

export class ProbeError extends Error {}

/** One bounded TCP connect; never takes longer than `timeoutMs` (plus the event loop's slack). */
export function probeTcp(address: string, port: number, timeoutMs: number): Promise<ProbeResult> {
    return new Promise((resolve, reject) => {
        const socket = connect({ host: address, port });
        const timer = setTimeout(() => finish("filtered"), timeoutMs);
        function finish(result: ProbeResult | Error): void {
            clearTimeout(timer);
            socket.destroy();
            if (result instanceof Error) reject(result);
            else resolve(result);
        }
        socket.once("connect", () => finish("listening"));
        socket.once("error", (e: NodeJS.ErrnoException) => {
            if (e.code === "ECONNREFUSED") finish("refused");
            else if (e.code && FILTERED_CODES.has(e.code)) finish("filtered");
            else finish(new ProbeError(`${address}:${port}: ${e.code ?? e.message}`));
        });
    });
}

/** Runs `work` over `items` with at most `limit` at once, keeping the input order in the result. */
export async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
