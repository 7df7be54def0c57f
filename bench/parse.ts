/**
 * Issue 10, finding 17: a big YAML spec parses in linear time. The yaml library's own
 * duplicate-key check (`uniqueKeys`) made a 40,000-key mapping take 8-10 s, quadratic;
 * src/spec/load.ts finds duplicates with one Set per mapping instead. Timed here, not in the
 * test suite: the 40,000 keys alone take some two seconds.
 */
import { parseSpecText } from "../src/spec/load";
import { median } from "./stats";

const mapping = (keys: number) => Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join("\n");

/** CPU time, not wall time: the machine is shared. */
function parseCpuMs(text: string): number {
    const start = process.cpuUsage();
    parseSpecText(text);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
}

export interface ParseBench {
    largeMs: number;
    smallMs: number;
    /** 40,000 keys against 10,000: 4 when parsing is linear, 16 when quadratic. */
    ratio: number;
}

export function benchParse(rounds = 5): ParseBench {
    const [small, large] = [mapping(10_000), mapping(40_000)];
    parseSpecText(mapping(2_000)); // the parser's warm-up
    const times = Array.from({ length: rounds }, () => [parseCpuMs(small), parseCpuMs(large)]);
    return {
        smallMs: median(times.map((t) => t[0])), largeMs: median(times.map((t) => t[1])),
        ratio: median(times.map(([s, l]) => l / s)),
    };
}
