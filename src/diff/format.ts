/**
 * The human face of a PlanDiff: one block per host, one line per change, a mark in front
 * (+ added/opened/linked, - removed/closed/unlinked, ~ moved, ! widened, > narrowed,
 * * reconfigure: a peer URL in that instance's file changed, * members: its cluster's
 * WKA members list changed) so a reviewer can scan
 * it, and every widening spelled WIDENED so it is hard to miss in a CI log.
 */
import { formatColumns } from "../cli/table";
import { HostDiff, MembersChange, PlanDiff, PortNumber, Reach } from "./diff";
import { ExposureRow } from "./exposure";

export function describeReach(reach: Reach): string {
    return `${reach.exposure} (${reach.sources.length > 0 ? reach.sources.join(", ") : "reachable by nobody"})`;
}

const portText = (p: PortNumber) => `${p.port}/${p.protocol}`;
const rowLine = (kind: string, r: ExposureRow) => [kind, r.instance, portText(r), r.name, describeReach(r)];
/** A port nobody may reach (internal, or management with no CIDRs) is bound, not opened: saying "opened" would alarm for nothing. */
const openedOrBound = (r: ExposureRow) => rowLine(r.sources.length > 0 ? "+ opened" : "+ listens", r);
const closedOrUnbound = (r: ExposureRow) => rowLine(r.sources.length > 0 ? "- closed" : "- unbound", r);

/** What joined and what left, rather than two long lists a reviewer must compare by eye. */
function membersText(m: MembersChange): string {
    const joined = m.to.filter((x) => !m.from.includes(x));
    const left = m.from.filter((x) => !m.to.includes(x));
    const parts = [...joined.map((x) => `+${x}`), ...left.map((x) => `-${x}`)];
    // Same set, another order or a duplicate dropped: show the whole new list.
    return parts.length > 0 ? parts.join(" ") : JSON.stringify(m.to);
}

function hostLines(h: HostDiff): string[][] {
    return [
        ...h.instancesAdded.map((i) => ["+ added", i, "", "", "instance"]),
        ...h.instancesRemoved.map((i) => ["- removed", i, "", "", "instance"]),
        ...h.opened.map(openedOrBound),
        ...h.closed.map(closedOrUnbound),
        ...h.moved.map((m) => ["~ moved", m.instance, `${portText(m.from)} -> ${portText(m.to)}`, m.name, describeReach(m)]),
        ...h.widened.map((c) => ["! widened", c.instance, portText(c), c.name, `${describeReach(c.from)} -> ${describeReach(c.to)}  WIDENED`]),
        ...h.narrowed.map((c) => ["> narrowed", c.instance, portText(c), c.name, `${describeReach(c.from)} -> ${describeReach(c.to)}`]),
        ...h.linksOpened.map((c) => ["+ linked", c.instance, portText(c), c.name, `now dialled by ${c.groups.join(", ")} (link)`]),
        ...h.linksClosed.map((c) => ["- unlinked", c.instance, portText(c), c.name, `no longer dialled by ${c.groups.join(", ")} (link)`]),
        ...h.reconfigure.map((r) => ["* reconfigure", r.instance, r.key, "", `${r.from ?? "(unset)"} -> ${r.to ?? "(unset)"}`]),
        ...h.membersChanged.map((m) => ["* members", m.instance, "clustering.members", "", membersText(m)]),
    ];
}

/** How the summary names each section, singular and plural. */
const SECTION_WORDS: [Exclude<keyof HostDiff, "host">, string, string][] = [
    ["instancesAdded", "instance added", "instances added"],
    ["instancesRemoved", "instance removed", "instances removed"],
    ["opened", "port opened", "ports opened"],
    ["closed", "port closed", "ports closed"],
    ["moved", "port moved", "ports moved"],
    ["widened", "port widened", "ports widened"],
    ["narrowed", "port narrowed", "ports narrowed"],
    ["linksOpened", "port opened to a linked group", "ports opened to linked groups"],
    ["linksClosed", "port closed to a linked group", "ports closed to linked groups"],
    ["reconfigure", "peer URL changed", "peer URLs changed"],
    ["membersChanged", "members list changed", "members lists changed"],
];

export function summaryLine(diff: PlanDiff): string {
    if (!diff.changed) return "no port-exposure changes";
    const parts = SECTION_WORDS
        .map(([section, one, many]) => {
            const n = diff.hosts.reduce((sum, h) => sum + h[section].length, 0);
            return n === 0 ? "" : `${n} ${n === 1 ? one : many}`;
        })
        .filter((part) => part !== "");
    return `${parts.join(", ")}${diff.widened ? "; exposure WIDENED" : ""}`;
}

/** The diff as text: per host its changes, columns aligned across all hosts, then a summary line. */
export function formatDiff(diff: PlanDiff): string {
    if (!diff.changed) return summaryLine(diff);
    const blocks = diff.hosts.map((h) => ({ host: h.host, lines: hostLines(h) }));
    const aligned = formatColumns(blocks.flatMap((b) => b.lines)).split("\n").map((l) => l.trimEnd());
    const out: string[] = [];
    let next = 0;
    for (const b of blocks) {
        out.push(`host ${b.host}`, ...aligned.slice(next, next + b.lines.length).map((l) => `  ${l}`));
        next += b.lines.length;
    }
    return [...out, summaryLine(diff)].join("\n");
}
