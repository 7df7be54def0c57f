/**
 * The offset planner: gives every instance an offset (and, when clustered with wka or
 * kubernetes, a local member port) so that no two instances on one host share a
 * (protocol, port), shifted or not.
 *
 * Order of decisions, each phase seeing the claims of the ones before:
 *   0. ports the offset does not move (multicast, unshifted user ports): they are fixed
 *      whatever we choose, so they claim first and a clash with them blames the mover;
 *   1. explicit offsets, then explicit local member ports (clashes are errors);
 *   2. offsets and member ports kept from a previous plan, where still free;
 *   3. first-fit for the rest, in spec order, trying the product's default offset first.
 * So appending instances never moves existing ones, and passing the previous plan keeps
 * every instance in place whatever the edit.
 */
import { CatalogPort } from "../catalog/types";
import { Protocol } from "../spec/types";
import { ProblemList } from "../spec/errors";
import { urlHostText } from "../net/address";
import { mergeProblems, SpecError, SpecProblem } from "../spec/errors";
import { movedFieldProblems } from "../spec/migrate";
import { hostsByName, ResolvedInstance, ResolvedSpec, resolveSpecPartially } from "../spec/normalize";
import { shapeProblems } from "../spec/validate";
import { wiringProblems } from "../wiring/keys";
import { resolveLinks } from "../wiring/links";
import { Claim, HostOccupancy, PortNeed } from "./occupancy";
import { groupBy } from "../util/group-by";
import { Plan, PlannedClustering, PlannedInstance, PlannedPort } from "./types";

const MAX_PORT = 65535;
/**
 * Every Hazelcast scheme binds the TCP local member port, multicast included: carbon-kernel's
 * HazelcastClusteringAgent calls `nwConfig.setPort(localMemberPort)` before it picks the
 * membership scheme. Left to itself Hazelcast auto-increments past a taken port (gotcha 1).
 */
const usesLocalMember = (i: ResolvedInstance) => i.group.scheme !== "none";
const usesMulticast = (i: ResolvedInstance) => i.group.scheme === "multicast";

export interface PlanOptions {
    /** A plan made before; its offsets and member ports are kept where they are still free. */
    previous?: Plan;
}

interface Assignment {
    offset?: number;
    localMemberPort?: number;
}

/**
 * What the offset search asks of an instance's ports, worked out once per port list (every
 * instance without config of its own shares its group's list), so that trying an offset
 * allocates nothing: the first-fit search tries many offsets for each of 1,000 instances.
 */
interface PortLayout {
    /** Ports whose number the offset decides, in catalog order: service ports, and the multicast group if used. */
    planned: CatalogPort[];
    member?: CatalogPort;
    /** The largest offset that keeps every shifted port at or below 65535. */
    maxOffset: number;
    /** Two of the planned ports share a (protocol, port) whatever the offset. */
    alwaysMeet: boolean;
    /** Offsets at which a shifted and a fixed planned port land on one (protocol, port). */
    meetAt: Set<number>;
    /** The needs of the ports the offset does not move (read only: shared by the group's instances). */
    fixed: PortNeed[];
    /** The planned ports as planned at each offset an instance was placed at, in plan order. */
    portsAt: Map<number, PlannedPort[]>;
    /** The planned ports as the searches read them, in catalog order. */
    search: SearchPort[];
    /** `search` as text: layouts of two groups that search alike share first-fit floors. */
    searchKey: string;
}

/**
 * A planned port as its occupancy key (HostOccupancy.key) at offset 0 and the key's move per
 * offset: +1 for a shifted tcp port, -1 for a shifted udp port (udp keys count down), 0 for a
 * fixed one. A tcp port's key is its number.
 */
interface SearchPort {
    key: number;
    step: number;
    shared: boolean;
    name: string;
}

/** Layouts by port list, one for a group without multicast and one with it. */
const layouts = new WeakMap<CatalogPort[], [PortLayout?, PortLayout?]>();

function layoutOf(inst: ResolvedInstance): PortLayout {
    const slot = usesMulticast(inst) ? 1 : 0;
    let pair = layouts.get(inst.ports);
    if (!pair) layouts.set(inst.ports, (pair = [undefined, undefined]));
    return (pair[slot] ??= portLayout(inst.ports, slot === 1));
}

function portLayout(ports: CatalogPort[], multicast: boolean): PortLayout {
    const planned = ports.filter((p) => p.role === undefined || p.role === "service" || (p.role === "multicast" && multicast));
    const shifted = ports.filter((p) => p.shifts && p.role !== "local-member").map((p) => p.port);
    const layout: PortLayout = {
        planned, member: ports.find((p) => p.role === "local-member"),
        maxOffset: shifted.length === 0 ? MAX_PORT : MAX_PORT - Math.max(...shifted), alwaysMeet: false, meetAt: new Set(),
        fixed: needsAt(planned, 0).filter((n) => !n.shifts), portsAt: new Map(),
        search: planned.map((p) => ({ key: HostOccupancy.key(p.protocol, p.port), step: p.shifts ? (p.protocol === "udp" ? -1 : 1) : 0, shared: isShared(p), name: p.name })),
        searchKey: "",
    };
    layout.searchKey = layout.search.map((p) => `${p.key}${p.step < 0 ? "-" : p.step > 0 ? "+" : ""}${p.shared ? "s" : ""}`).join(" ");
    planned.forEach((a, i) => {
        for (const b of planned.slice(i + 1)) {
            if (a.protocol !== b.protocol) continue;
            if (a.shifts === b.shifts) layout.alwaysMeet ||= a.port === b.port;
            else if (a.shifts ? b.port >= a.port : a.port >= b.port) layout.meetAt.add(Math.abs(a.port - b.port));
        }
    });
    return layout;
}

const portAt = (p: CatalogPort, offset: number) => (p.shifts ? p.port + offset : p.port);
const isShared = (p: CatalogPort) => p.role === "multicast";

function needsAt(planned: CatalogPort[], offset: number): PortNeed[] {
    return planned.map((p) => ({ name: p.name, protocol: p.protocol, port: portAt(p, offset), shared: isShared(p), shifts: p.shifts }));
}

function offsetNeeds(inst: ResolvedInstance, offset: number): PortNeed[] {
    return needsAt(layoutOf(inst).planned, offset);
}

/** Whether one of the ports the offset decides has occupancy key `key` at `offset`. */
function bindsKey(layout: PortLayout, offset: number, key: number): boolean {
    const search = layout.search;
    for (let i = 0; i < search.length; i++) if (search[i].key + search[i].step * offset === key) return true;
    return false;
}

/** Plan order: by number, tcp before udp. */
const byPortNumber = (a: { port: number; protocol: Protocol }, b: { port: number; protocol: Protocol }) =>
    a.port - b.port || (a.protocol === b.protocol ? 0 : a.protocol === "tcp" ? -1 : 1);

/**
 * The ports the offset decides as planned at `offset`, in plan order: built and sorted once per
 * offset, not once per instance. Each instance takes copies (a plan shares no port object).
 */
function plannedPortsAt(inst: ResolvedInstance, offset: number): readonly PlannedPort[] {
    const layout = layoutOf(inst);
    let ports = layout.portsAt.get(offset);
    if (!ports) {
        ports = layout.planned.map((c) => ({
            name: c.name, port: portAt(c, offset), protocol: c.protocol, exposure: c.exposure, shifted: c.shifts && c.role !== "multicast", purpose: c.purpose,
        }));
        layout.portsAt.set(offset, ports.sort(byPortNumber));
    }
    return ports;
}

function localMemberCatalogPort(inst: ResolvedInstance): CatalogPort | undefined {
    return layoutOf(inst).member;
}

const memberName = (inst: ResolvedInstance) => localMemberCatalogPort(inst)?.name ?? "cluster";

function memberNeed(inst: ResolvedInstance, port: number): PortNeed[] {
    return [{ name: memberName(inst), protocol: "tcp", port, shared: false, shifts: false }];
}

/** The largest offset that keeps every shifted port of the instance at or below 65535. */
export function maxOffset(inst: ResolvedInstance): number {
    return layoutOf(inst).maxOffset;
}

/** Two needs of one instance on the same (protocol, port): it would bind one port twice. */
export function selfClash(needs: PortNeed[]): [PortNeed, PortNeed] | undefined {
    const seen = new Map<string, PortNeed>();
    for (const need of needs) {
        const key = `${need.protocol}/${need.port}`;
        const first = seen.get(key);
        if (first) return [first, need];
        seen.set(key, need);
    }
    return undefined;
}

const describeSelfClash = ([a, b]: [PortNeed, PortNeed]) => `${a.port}/${a.protocol} twice, as port "${a.name}" and as port "${b.name}"`;

/** What keeps an instance off an offset: two of its own ports meeting, its own member port, or another instance's claim. */
type Blocker = "self" | "member" | Claim;

/**
 * What keeps the instance at `offset` from binding only free ports, none of them twice and none
 * on its own member port (`selfClash` and `firstClash` of its needs, without building them);
 * undefined when it fits.
 */
function blockerAt(layout: PortLayout, occ: HostOccupancy, instance: string, offset: number, memberPort?: number): Blocker | undefined {
    if (meetsItself(layout, offset)) return "self";
    const search = layout.search;
    // Indexed, and no call per port but the lookup: this runs for every offset tried, mostly before the JIT optimizes it.
    for (let i = 0; i < search.length; i++) {
        const key = search[i].key + search[i].step * offset;
        // The member port is tcp, and a tcp port's key is its number.
        if (key === memberPort) return "member";
        const claim = occ.clashAtKey(key, search[i].shared, instance);
        if (claim) return claim;
    }
    return undefined;
}

/**
 * Where a first-fit search on one host starts, for the instances whose ports search alike (one
 * `searchKey`; member ports: one start port): every offset (or port) below `at` is taken for
 * each of them still to search. A clash with a claim whose owner is `settled` (searches no
 * more, so is none of the later searchers) holds for every later searcher too, as claims are
 * never released, and so do two own ports meeting; a run of such offsets from `at` moves it up.
 * Without it, the n-th instance on a crowded host tried n offsets: quadratic planning.
 */
interface Floor {
    at: number;
    settled: (instance: string) => boolean;
}

/** Moves the floor up one, past where it stands, when what blocks there holds for every later searcher. */
function raiseFloor(floor: Floor, blocker: Blocker): void {
    if (blocker === "self" || (blocker !== "member" && floor.settled(blocker.instance))) floor.at++;
}

/** `selfClash(offsetNeeds(inst, offset))`, answered from the layout. */
function meetsItself(layout: PortLayout, offset: number): boolean {
    return layout.alwaysMeet || layout.meetAt.has(offset);
}

/**
 * `memberPort`: the instance's own member port, when already placed, which the offset must not
 * land on. `floor`: offsets below it are taken (see Floor), so the search starts there.
 */
function firstFreeOffset(inst: ResolvedInstance, occ: HostOccupancy, memberPort?: number, floor?: Floor): number | undefined {
    const layout = layoutOf(inst);
    const from = floor?.at ?? 0;
    // The product's own default first: a lone MI keeps its documented 8290/9164. Below the floor it is taken.
    const def = inst.group.entry.defaultOffset;
    const atDefault = def >= from && def <= layout.maxOffset ? blockerAt(layout, occ, inst.name, def, memberPort) : "self";
    if (atDefault === undefined) return def;
    for (let o = from; o <= layout.maxOffset; o++) {
        const blocker = o === def ? atDefault : blockerAt(layout, occ, inst.name, o, memberPort);
        if (blocker === undefined) return o;
        if (floor?.at === o) raiseFloor(floor, blocker);
    }
    return undefined;
}

/** The port a member-port search starts from: the catalog's local member port. */
const memberStart = (inst: ResolvedInstance) => layoutOf(inst).member?.port ?? 1;

/**
 * `offset`: the instance's own offset, when already placed, whose ports the member port must
 * avoid. `floor`: ports below it are taken (see Floor), so the search starts there.
 */
function firstFreeMemberPort(inst: ResolvedInstance, occ: HostOccupancy, offset?: number, floor?: Floor): number | undefined {
    // No port helps an instance that binds one port twice at its offset (placing an offset checks that, so this never holds).
    const layout = layoutOf(inst);
    if (offset !== undefined && meetsItself(layout, offset)) return undefined;
    // Keys, as tcp keys are port numbers.
    for (let p = floor?.at ?? memberStart(inst); p <= MAX_PORT; p++) {
        const claim = occ.clashAtKey(p, false, inst.name);
        if (!claim && (offset === undefined || !bindsKey(layout, offset, p))) return p;
        if (floor?.at === p) raiseFloor(floor, claim ?? "member");
    }
    return undefined;
}

class Planner {
    private readonly occupancy = new Map<string, HostOccupancy>();
    private readonly assigned = new Map<string, Assignment>();
    private readonly previousByName: Map<string, PlannedInstance>;
    readonly problems = new ProblemList();
    /** Instances whose fixed ports clash: the offset search is pointless for them. */
    private readonly fixedClashes = new Set<string>();
    private readonly offsetClashes: { inst: ResolvedInstance; clash: NonNullable<ReturnType<HostOccupancy["firstClash"]>> }[] = [];
    /** First-fit floors by host: per layout search key for offsets, per start port for member ports. */
    private readonly floors = new Map<HostOccupancy, Map<string | number, Floor>>();
    /** Instances that search offsets, or member ports, no more: member ports are searched last. */
    private readonly offsetPlaced = (instance: string) => this.assigned.get(instance)?.offset !== undefined;
    private readonly memberPlaced = (instance: string) => this.assigned.get(instance)?.localMemberPort !== undefined;

    constructor(private readonly spec: ResolvedSpec, previous?: Plan) {
        for (const h of spec.hosts) this.occupancy.set(h.name, new HostOccupancy());
        this.previousByName = new Map((previous?.instances ?? []).map((i) => [i.name, i]));
    }

    private occ(inst: ResolvedInstance): HostOccupancy {
        return this.occupancy.get(inst.host.name)!;
    }

    private floor(occ: HostOccupancy, of: string | number, start: number, settled: Floor["settled"]): Floor {
        let onHost = this.floors.get(occ);
        if (!onHost) this.floors.set(occ, (onHost = new Map()));
        let floor = onHost.get(of);
        if (!floor) onHost.set(of, (floor = { at: start, settled }));
        return floor;
    }

    private slot(inst: ResolvedInstance): Assignment {
        let a = this.assigned.get(inst.name);
        if (!a) this.assigned.set(inst.name, (a = {}));
        return a;
    }

    run(): void {
        const all = this.spec.instances;
        for (const inst of all) this.placeFixedPorts(inst);
        for (const inst of all) if (inst.offset !== undefined) this.placeExplicitOffset(inst);
        for (const inst of all) if (inst.localMemberPort !== undefined && usesLocalMember(inst)) this.placeExplicitMemberPort(inst);
        this.reportOffsetClashes();
        for (const inst of all) this.placePinned(inst);
        for (const inst of all) if (this.slot(inst).offset === undefined && inst.offset === undefined && !this.fixedClashes.has(inst.name)) this.placeFirstFitOffset(inst);
        for (const inst of all) if (usesLocalMember(inst) && this.slot(inst).localMemberPort === undefined && inst.localMemberPort === undefined) this.placeFirstFitMemberPort(inst);
    }

    private placeFixedPorts(inst: ResolvedInstance): void {
        const needs = layoutOf(inst).fixed;
        if (needs.length === 0) return;
        const clash = this.occ(inst).firstClash(needs, inst.name);
        if (clash) {
            // No offset can help: every one it tries would hit the same port (the search would only add "no offset is free").
            this.fixedClashes.add(inst.name);
            this.problems.add(inst.path,
                `instance "${inst.name}" needs ${clash.need.port}/${clash.need.protocol} ("${clash.need.name}"), which the offset does not move, and instance "${clash.claim.instance}" already uses it ("${clash.claim.portName}") on host "${inst.host.name}"; put one of them on another host or give the port another number in \`ports\``,
                inst.name);
        }
        this.occ(inst).claim(needs, inst.name);
    }

    private placeExplicitOffset(inst: ResolvedInstance): void {
        const offset = inst.offset!;
        // Name the port that overflows most, so the suggested maximum offset matches it.
        const tooHigh = offsetNeeds(inst, offset).reduce<PortNeed | undefined>((a, b) => (!a || b.port > a.port ? b : a), undefined);
        if (tooHigh && tooHigh.port > MAX_PORT) {
            this.problems.add(`${inst.path}.offset`,
                `instance "${inst.name}": offset ${offset} pushes port "${tooHigh.name}" (${tooHigh.port - offset}/${tooHigh.protocol}) to ${tooHigh.port}, past 65535; use an offset of at most ${maxOffset(inst)}`, inst.name);
            return;
        }
        const twice = selfClash(offsetNeeds(inst, offset));
        if (twice) {
            this.problems.add(`${inst.path}.offset`,
                `instance "${inst.name}" at offset ${offset} would listen on ${describeSelfClash(twice)} (one moves with the offset, the other does not); choose another offset, or give one port another number in \`ports\``, inst.name);
            return;
        }
        const clash = this.occ(inst).firstClash(offsetNeeds(inst, offset), inst.name);
        if (clash) {
            this.offsetClashes.push({ inst, clash });
            return;
        }
        this.occ(inst).claim(offsetNeeds(inst, offset), inst.name);
        this.slot(inst).offset = offset;
    }

    /**
     * Reported once every explicit offset and member port has claimed its ports, so the free
     * offset suggested is not one that an instance later in the spec asks for.
     */
    private reportOffsetClashes(): void {
        for (const { inst, clash } of this.offsetClashes) {
            const free = firstFreeOffset(inst, this.occ(inst));
            this.problems.add(`${inst.path}.offset`,
                `instance "${inst.name}" at offset ${inst.offset} listens on ${clash.need.port}/${clash.need.protocol} ("${clash.need.name}"), which instance "${clash.claim.instance}" already uses ("${clash.claim.portName}") on host "${inst.host.name}"; ${free === undefined ? "no free offset is left on this host" : `offset ${free} is free`}`,
                inst.name);
        }
    }

    private placeExplicitMemberPort(inst: ResolvedInstance): void {
        const port = inst.localMemberPort!;
        const offset = this.slot(inst).offset;
        const twice = offset === undefined ? undefined : selfClash([...offsetNeeds(inst, offset), ...memberNeed(inst, port)]);
        if (twice) {
            this.problems.add(`${inst.path}.localMemberPort`,
                `instance "${inst.name}" would listen on ${describeSelfClash(twice)}; choose another localMemberPort`, inst.name);
            return;
        }
        const clash = this.occ(inst).firstClash(memberNeed(inst, port), inst.name);
        if (clash) {
            const free = firstFreeMemberPort(inst, this.occ(inst));
            this.problems.add(`${inst.path}.localMemberPort`,
                `instance "${inst.name}": localMemberPort ${port}/tcp is already used by instance "${clash.claim.instance}" ("${clash.claim.portName}") on host "${inst.host.name}"; ${free === undefined ? "no port is free" : `port ${free} is free`}`,
                inst.name);
            return;
        }
        this.occ(inst).claim(memberNeed(inst, port), inst.name);
        this.slot(inst).localMemberPort = port;
    }

    /** Keeps what a previous plan gave the same instance on the same host and product, if still free. */
    private placePinned(inst: ResolvedInstance): void {
        const before = this.previousByName.get(inst.name);
        if (!before || before.host !== inst.host.name || before.product !== inst.group.entry.product) return;
        const slot = this.slot(inst);
        const layout = layoutOf(inst);
        const occ = this.occ(inst);
        if (inst.offset === undefined && slot.offset === undefined && before.offset <= layout.maxOffset &&
            blockerAt(layout, occ, inst.name, before.offset, slot.localMemberPort) === undefined) {
            this.claimOffset(inst, before.offset);
            slot.offset = before.offset;
        }
        const port = before.clustering?.localMemberPort;
        // Free on the host, and none of the instance's own ports at its offset (nor do those meet each other).
        const ownClash = (p: number) => slot.offset !== undefined && (meetsItself(layout, slot.offset) || bindsKey(layout, slot.offset, p));
        if (usesLocalMember(inst) && inst.localMemberPort === undefined && port != null && !occ.clashAtKey(port, false, inst.name) && !ownClash(port)) {
            occ.claimKey(port, memberName(inst), false, inst.name);
            slot.localMemberPort = port;
        }
    }

    private placeFirstFitOffset(inst: ResolvedInstance): void {
        const floor = this.floor(this.occ(inst), layoutOf(inst).searchKey, 0, this.offsetPlaced);
        const offset = firstFreeOffset(inst, this.occ(inst), this.slot(inst).localMemberPort, floor);
        if (offset === undefined) {
            this.problems.add(inst.path, `instance "${inst.name}": no offset up to ${maxOffset(inst)} is free on host "${inst.host.name}"; move it to another host`, inst.name);
            return;
        }
        this.claimOffset(inst, offset);
        this.slot(inst).offset = offset;
    }

    /** Claims every port the offset decides, as `claim(offsetNeeds(inst, offset))` without building the needs. */
    private claimOffset(inst: ResolvedInstance, offset: number): void {
        const occ = this.occ(inst);
        layoutOf(inst).search.forEach((p) => occ.claimKey(p.key + p.step * offset, p.name, p.shared, inst.name));
    }

    private placeFirstFitMemberPort(inst: ResolvedInstance): void {
        const floor = this.floor(this.occ(inst), memberStart(inst), memberStart(inst), this.memberPlaced);
        const port = firstFreeMemberPort(inst, this.occ(inst), this.slot(inst).offset, floor);
        if (port === undefined) {
            this.problems.add(inst.path, `instance "${inst.name}": no TCP port is free for the local member on host "${inst.host.name}"`, inst.name);
            return;
        }
        // The member port is tcp: its key is its number.
        this.occ(inst).claimKey(port, memberName(inst), false, inst.name);
        this.slot(inst).localMemberPort = port;
    }

    toPlan(): Plan {
        const members = this.wkaMembersByGroup();
        const instances = this.spec.instances.map((inst) => this.plannedInstance(inst, members.get(inst.group.name) ?? []));
        return { hosts: this.spec.hosts, exposure: this.spec.exposure, instances };
    }

    private wkaMembersByGroup(): Map<string, string[]> {
        const byGroup = groupBy(this.spec.instances.filter((inst) => inst.group.scheme === "wka"), (inst) => inst.group.name);
        return new Map([...byGroup].map(([group, list]) => [group, sortMembers(list.map((inst) => ({ address: inst.host.address, port: this.slot(inst).localMemberPort ?? 0 })))]));
    }

    private plannedInstance(inst: ResolvedInstance, wkaMembers: string[]): PlannedInstance {
        const { offset = 0, localMemberPort } = this.slot(inst);
        const ports = plannedPortsAt(inst, offset).map((p) => ({ ...p }));
        const member = localMemberCatalogPort(inst);
        if (usesLocalMember(inst) && member && localMemberPort !== undefined) {
            const port: PlannedPort = { name: member.name, port: localMemberPort, protocol: "tcp", exposure: "cluster", shifted: false, purpose: member.purpose };
            // After every port that sorts before it or ties with it, as a stable sort of the list with it last would put it.
            const after = ports.findIndex((p) => byPortNumber(p, port) > 0);
            ports.splice(after < 0 ? ports.length : after, 0, port);
        }
        return {
            name: inst.name, group: inst.group.name, product: inst.group.entry.product, version: inst.group.spec.version,
            profile: inst.group.profile, host: inst.host.name, address: inst.host.address, offset, ports,
            clustering: clusteringOf(inst, localMemberPort, wkaMembers),
        };
    }
}

function clusteringOf(inst: ResolvedInstance, localMemberPort: number | undefined, wkaMembers: string[]): PlannedClustering | null {
    const scheme = inst.group.scheme;
    if (scheme === "none") return null;
    return { scheme, domain: inst.group.domain, localMemberPort: localMemberPort ?? null, members: scheme === "wka" ? wkaMembers : [] };
}

export function sortMembers(members: { address: string; port: number }[]): string[] {
    return [...members]
        .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port))
        // IPv6 members in brackets, as Hazelcast's TcpIpConfig member list reads `[fd00::11]:4000`.
        .map((m) => `${urlHostText(m.address)}:${m.port}`);
}

function checkDistinctDomains(spec: ResolvedSpec, problems: ProblemList): void {
    const byDomain = new Map<string, string>();
    for (const g of spec.groups) {
        if (g.scheme === "none") continue;
        const other = byDomain.get(g.domain);
        if (other) problems.add(`products[${g.index}].clustering.domain`, `groups "${other}" and "${g.name}" share cluster domain "${g.domain}" and would merge into one cluster; give each its own domain`);
        byDomain.set(g.domain, g.name);
    }
}

export interface PlanResult {
    spec: ResolvedSpec;
    plan: Plan;
}

/**
 * Round-robin spreading depends on an instance's position in its group; a previous plan
 * keeps each spread instance on the host it had, so inserting one moves no other.
 */
function keepPreviousHosts(spec: ResolvedSpec, previous: Plan | undefined): ResolvedSpec {
    if (!previous) return spec;
    const hostOf = new Map(previous.instances.map((i) => [i.name, i.host]));
    const hosts = hostsByName(spec.hosts);
    const instances = spec.instances.map((inst) => {
        const name = hostOf.get(inst.name);
        const host = name === undefined ? undefined : hosts.get(name);
        return inst.hostExplicit || !host ? inst : { ...inst, host };
    });
    return { ...spec, instances };
}

/** Plans a resolved spec; throws SpecError with every problem found. */
export function planResolved(resolved: ResolvedSpec, options: PlanOptions = {}): Plan {
    const spec = keepPreviousHosts(resolved, options.previous);
    const planner = new Planner(spec, options.previous);
    checkDistinctDomains(spec, planner.problems);
    planner.run();
    const links = resolveLinks(spec, planner.problems);
    planner.problems.throwIfAny();
    const plan = { ...planner.toPlan(), links };
    // A link to a server that does not listen on the port its clients dial (a profile or config turned it off).
    const indexOf = new Map(spec.groups.map((g) => [g.name, g.index]));
    for (const p of wiringProblems(plan, (group, role) => `products[${indexOf.get(group)}].connect.${role}`)) planner.problems.add(p.path, p.message, p.instance);
    planner.problems.throwIfAny();
    return plan;
}

/**
 * Validates, resolves and plans a spec in one step; throws SpecError with every problem found.
 * `options.previous` (from `--previous` or DIR/plan.json) wins over the spec's own `previousPlan`.
 */
export function planSpec(input: unknown, options: PlanOptions = {}): PlanResult {
    const moved = movedFieldProblems(input);
    const shape = shapeProblems(input);
    const { spec, problems: resolution } = resolveSpecPartially(input);
    // The planner runs on whatever resolved, so a typo elsewhere hides no clash.
    let plan: Plan | undefined;
    let planning: SpecProblem[] = [];
    try {
        plan = planResolved(spec, { ...options, previous: options.previous ?? spec.previousPlan });
    } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        planning = e.problems;
    }
    const problems = mergeProblems(moved, shape, resolution, planning);
    if (problems.length > 0 || !plan) throw new SpecError(problems);
    return { spec, plan };
}

