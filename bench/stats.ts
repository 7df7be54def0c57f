/** Timing helpers: medians over repeated runs, because single timings here are noisy. */
export function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function timeRuns(runs: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        await fn();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
