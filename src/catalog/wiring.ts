/**
 * Wiring facts: which deployment.toml keys of one server point at another server, at which
 * of its ports, with which scheme and shape, from which version. Data only; src/wiring
 * resolves links from it and src/render/wiring.ts writes the keys. Every entry cites
 * shared/reference/wiring.md (section, and its source ids S1-S29 with their WSO2 files and
 * release commits); nothing here is read from a port number: a key names the target's
 * catalog port, and the plan supplies the shifted number.
 */
import { Product } from "../spec/types";

const REF = "shared/reference/wiring.md";

/** The roles a group may link to (`connect` in the spec; docs/spec-shape.md). */
export const LINK_ROLES = ["controlPlane", "trafficManager", "keyManager", "serviceCatalog", "devportal"] as const;
export type LinkRole = typeof LINK_ROLES[number];

/** Which groups a fact is about: a product, optionally narrowed to profiles and versions [from, until). */
export interface GroupKind {
    product: Product;
    profiles?: string[];
    versions?: { from: string; until: string };
}

/** What a role may be linked to, and what it means when nothing is linked. */
export interface RoleNeed {
    client: GroupKind;
    role: LinkRole;
    /** Groups that can serve the role; an implicit link needs exactly one of them in the deployment. */
    candidates: GroupKind[];
    /** Candidates a link reaches only when `connect` names them (IS as key manager: IS is often there for SSO alone). */
    namedOnly?: GroupKind[];
    /** No candidate at all: the role is served by this other role's group (a TM inside the CP; the resident key manager). */
    fallback?: LinkRole;
    /** Linked only when `connect` names it, even with one candidate (MI's service catalog is the user's choice). */
    explicit?: boolean;
    /** Needed only when another group links this one under that role (IS notifies API-M only as its key manager). */
    onlyWhenLinkedAs?: LinkRole;
    source: string;
}

/** Which instances a key points at. */
export type Pointer =
    | { role: LinkRole } // the instances of the linked group
    | { self: true } // this instance (docs write these as localhost:<default port>)
    | { peers: true } // the other instances of this instance's group
    | { ownGroup: true }; // every instance of this instance's group, itself included

/** A URL on the target: scheme, the target's catalog port (its planned, shifted number), a path. */
export interface UrlSpec {
    scheme: "tcp" | "ssl" | "https" | "http" | "ws" | "wss";
    port: string;
    path?: string;
}

/**
 * When a key applies, beyond client kind and version:
 * - `tmSeparate` / `tmInsideCp`: the group's traffic manager is / is not its control plane;
 * - `ha`: the group has more than one instance;
 * - `keyManagerIsIs` / `keyManagerSeparate`: its key manager is an Identity Server / another group;
 * - `linkedAsKeyManager`: some group uses this one as its key manager.
 */
export type Condition = "tmSeparate" | "tmInsideCp" | "ha" | "keyManagerIsIs" | "keyManagerSeparate" | "linkedAsKeyManager";

export type WiringValue =
    | { shape: "single"; url: UrlSpec }
    | { shape: "list"; url: UrlSpec }
    /** `[[path]]`, one table per target instance, each key a one-URL list (data-bridge url_group; wiring.md 2.1). */
    | { shape: "groups"; urls: Record<string, UrlSpec> }
    /** The first table of the `[[path]]` array (made when absent) gets `key` (MI `[[service_catalog]]`). */
    | { shape: "firstEntry"; key: string; url: UrlSpec; defaults: Record<string, unknown> }
    /** The `[[path]]` table whose `id` matches (made when absent), its `properties.<key>` (`[[event_listener]]`). */
    | { shape: "listener"; id: string; key: string; url: UrlSpec; defaults: Record<string, unknown>; properties: Record<string, unknown> }
    | { shape: "constant"; value: unknown };

export interface WiringKey {
    client: GroupKind;
    /** TOML path: tables and the key (for `groups`, `firstEntry` and `listener`: the array of tables). */
    path: string[];
    points: Pointer;
    value: WiringValue;
    when?: Condition[];
    source: string;
}

const V32 = { from: "3.2.0", until: "4.0.0" };
const V4 = { from: "4.0.0", until: "5.0.0" };
const V41 = { from: "4.1.0", until: "5.0.0" };
const apim = (profiles: string[], versions: { from: string; until: string }): GroupKind => ({ product: "api-manager", profiles, versions });
const IS511: GroupKind = { product: "identity-server", versions: { from: "5.11.0", until: "6.0.0" } };
const MI: GroupKind = { product: "micro-integrator" };

const GW4 = apim(["gateway"], V4);
const CP4 = apim(["control-plane", "all-in-one"], V4);
const TM4 = apim(["traffic-manager"], V4);
const KM4 = apim(["key-manager"], V4);
const GW32 = apim(["gateway-worker"], V32);
const PUB32 = apim(["api-publisher"], V32);
const DEV32 = apim(["api-devportal"], V32);
const KM32 = apim(["api-key-manager"], V32);
const TM32 = apim(["traffic-manager"], V32);

const role = (r: LinkRole): Pointer => ({ role: r });
const https = (path: string): UrlSpec => ({ scheme: "https", port: "https", path });
const AMQP: UrlSpec = { scheme: "tcp", port: "amqp" };
const BINARY = { tcp: { scheme: "tcp", port: "binary" } as UrlSpec, ssl: { scheme: "ssl", port: "binary-ssl" } as UrlSpec };
const SERVICES = "/services/";
const NOTIFY = "/internal/data/v1/notify";

export const ROLE_NEEDS: readonly RoleNeed[] = [
    // API-M 4.x (wiring.md 7): the gateway needs its event hub (CP), its throttling (TM, or the CP hosting it) and a key manager (resident: the CP).
    { client: GW4, role: "controlPlane", candidates: [CP4], source: `${REF} 3.2, 7 (S16-S18, S13)` },
    { client: GW4, role: "trafficManager", candidates: [TM4], fallback: "controlPlane", source: `${REF} 3.1, 7 "Pattern CP + GW (TM inside the CP)" (S17, S13 eventhub.enabled=false)` },
    { client: GW4, role: "keyManager", candidates: [KM4], namedOnly: [IS511], fallback: "controlPlane", source: `${REF} 3.3, 7 "KM separated, or IS as KM" (S15, S19, S20)` },
    { client: TM4, role: "controlPlane", candidates: [CP4], source: `${REF} 3.6 (S15, S16, S18, S13)` },
    { client: KM4, role: "controlPlane", candidates: [CP4], source: `${REF} 3.8 (S15, S19, S13)` },
    { client: CP4, role: "keyManager", candidates: [KM4], namedOnly: [IS511], source: `${REF} 3.3 (CP row: required when the KM is not on the CP), 3.8` },
    { client: IS511, role: "controlPlane", candidates: [CP4], onlyWhenLinkedAs: "keyManager", source: `${REF} 3.9 (S20, IS 5.11 resident KM)` },
    { client: MI, role: "serviceCatalog", candidates: [CP4, apim(["api-publisher", "all-in-one"], V32)], explicit: true, source: `${REF} 3.10 (S22, S23)` },
    // API-M 3.2, five profiles (wiring.md 4): the traffic manager is the event hub; the publisher pushes to gateways.
    { client: GW32, role: "controlPlane", candidates: [apim(["api-publisher", "all-in-one"], V32)], source: `${REF} 4 (Publisher -> GW, S14)` },
    ...[GW32, PUB32, DEV32, KM32].map((client): RoleNeed => ({ client, role: "trafficManager", candidates: [apim(["traffic-manager", "all-in-one"], V32)], source: `${REF} 4 (S14, S13 3.2.x)` })),
    ...[GW32, PUB32, DEV32, TM32].map((client): RoleNeed => ({ client, role: "keyManager", candidates: [apim(["api-key-manager", "all-in-one"], V32)], source: `${REF} 4 (S14)` })),
    { client: PUB32, role: "devportal", candidates: [DEV32], source: `${REF} 4 (Publisher -> DevPortal, S14)` },
];

/** The gateway side of `throttle_decision_endpoints` + `url_group`, the same in 3.2-4.6 (wiring.md 2.1, 2.2, 3.1; S1 every version). */
function throttlingClient(client: GroupKind, source: string): WiringKey[] {
    return [
        { client, path: ["apim", "throttling", "throttle_decision_endpoints"], points: role("trafficManager"), value: { shape: "list", url: AMQP }, source },
        {
            client, path: ["apim", "throttling", "url_group"], points: role("trafficManager"),
            value: { shape: "groups", urls: { traffic_manager_urls: BINARY.tcp, traffic_manager_auth_urls: BINARY.ssl } }, source,
        },
    ];
}

function keyManagerClient(client: GroupKind, source: string, when: Condition[] = []): WiringKey[] {
    return [
        { client, path: ["apim", "key_manager", "service_url"], points: role("keyManager"), value: { shape: "single", url: https(SERVICES) }, when, source },
        {
            client, path: ["apim", "key_manager", "type"], points: role("keyManager"), value: { shape: "constant", value: "WSO2-IS" }, when: [...when, "keyManagerIsIs"],
            source: `${REF} 3.3 (IS 5.11 as resident KM: S20 id 347754504; S13 4.2.x gateway/control-plane)`,
        },
    ];
}

/** GW, TM and separate KM nodes of 4.x follow the control plane's event hub (wiring.md 3.2, 3.6, 3.8). */
function eventHubClient(client: GroupKind, source: string, when: Condition[] = []): WiringKey[] {
    return [
        { client, path: ["apim", "event_hub", "enable"], points: role("controlPlane"), value: { shape: "constant", value: true }, when, source },
        { client, path: ["apim", "event_hub", "service_url"], points: role("controlPlane"), value: { shape: "single", url: https(SERVICES) }, when, source },
        { client, path: ["apim", "event_hub", "event_listening_endpoints"], points: role("controlPlane"), value: { shape: "list", url: AMQP }, when, source },
    ];
}

/** `[[event_listener]] id = "token_revocation"`: a key manager notifies the event hub of revoked tokens. */
function tokenRevocationListener(client: GroupKind, header: string, name: string, type: string, points: Pointer, when: Condition[], source: string): WiringKey {
    return {
        client, path: ["event_listener"], points, when, source,
        value: {
            shape: "listener", id: "token_revocation", key: "notification_endpoint", url: https(NOTIFY),
            defaults: { type, name, order: 1 },
            properties: { username: "${admin.username}", password: "${admin.password}", "header.X-WSO2-KEY-MANAGER": header },
        },
    };
}

const NOTIFICATION_INTERCEPTOR = { type: "org.wso2.carbon.identity.core.handler.AbstractIdentityHandler", name: "org.wso2.is.notification.ApimOauthEventInterceptor" };

export const WIRING_KEYS: readonly WiringKey[] = [
    // 4.x gateway (wiring.md 3.1-3.3, 7)
    ...throttlingClient(GW4, `${REF} 3.1, 7 (S1, S16, S17, S18, S13)`),
    // CP + GW: no [apim.event_hub]; throttling.service_url (the CP) is the event hub by fallback (wiring.md 2.3, 3.1, 7; S17).
    { client: GW4, path: ["apim", "throttling", "service_url"], points: role("trafficManager"), value: { shape: "single", url: https(SERVICES) }, when: ["tmInsideCp"], source: `${REF} 3.1, 7 "Pattern CP + GW" (S1, S17)` },
    // CP + GW + TM: without [apim.event_hub] the gateway would listen on the TM's broker and miss API events (pitfall P4).
    ...eventHubClient(GW4, `${REF} 3.2, 7 "Pattern CP + GW + TM", P4 (S1, S16, S18, S13)`, ["tmSeparate"]),
    ...keyManagerClient(GW4, `${REF} 3.3 (S14-S19, S13)`),
    // 4.x control plane (wiring.md 3.5, 6, 7)
    {
        client: apim(["control-plane"], V41), path: ["apim", "event_hub", "event_listening_endpoints"], points: { self: true }, value: { shape: "list", url: AMQP },
        source: `${REF} 3.5, 6 (self reference the docs write as tcp://localhost:5672; pitfall P2; S16-S18, S13 4.3.x+ adds portOffset)`,
    },
    {
        client: CP4, path: ["apim", "event_hub", "publish", "url_group"], points: { ownGroup: true }, when: ["ha"],
        value: { shape: "groups", urls: { urls: BINARY.tcp, auth_urls: BINARY.ssl } }, source: `${REF} 3.5, 7 "CP HA" (one per CP, itself included; S15-S18, S13)`,
    },
    { client: apim(["control-plane", "all-in-one"], V41), path: ["apim", "event_hub", "event_duplicate_url"], points: { peers: true }, when: ["ha"], value: { shape: "list", url: AMQP }, source: `${REF} 3.5 (4.1+: jndi2-cp.properties; S3, S6, S16-S18, S13)` },
    // 4.0 reads the CP duplicate from [apim.throttling]; 4.1 and 4.2 enable the duplicate publishers only on it (pitfall P9).
    { client: apim(["control-plane", "all-in-one"], { from: "4.0.0", until: "4.3.0" }), path: ["apim", "throttling", "event_duplicate_url"], points: { peers: true }, when: ["ha"], value: { shape: "list", url: AMQP }, source: `${REF} 3.5 (4.0.0: S15, S6 v4.0.0), P9 (4.1/4.2: S6 v4.1.0, v4.2.0)` },
    ...keyManagerClient(CP4, `${REF} 3.3 (CP row), 3.8 (S15, S19, S13)`, ["keyManagerSeparate"]),
    // 4.x traffic manager (wiring.md 3.6)
    ...eventHubClient(TM4, `${REF} 3.6 (S15, S16, S18, S13)`),
    { client: TM4, path: ["apim", "throttling", "event_duplicate_url"], points: { peers: true }, when: ["ha"], value: { shape: "list", url: AMQP }, source: `${REF} 3.6 "TM (HA)" (S14, S16, S18, S13, S6)` },
    {
        client: TM4, path: ["apim", "throttling", "throttle_decision_endpoints"], points: { self: true }, when: ["ha"], value: { shape: "list", url: AMQP },
        source: `${REF} 3.6, 6 (where the TM publishes decisions; the docs write tcp://localhost:5672, pitfall P2; S15, S16, S18)`,
    },
    // 4.x separate key manager (wiring.md 3.8)
    ...eventHubClient(KM4, `${REF} 3.8 (S15, S19, S13)`),
    tokenRevocationListener(KM4, "default", "org.wso2.is.notification.ApimOauthEventInterceptor", NOTIFICATION_INTERCEPTOR.type, role("controlPlane"), [], `${REF} 3.8 (S15, S19, S13 key-manager chart 4.3+)`),
    // IS 5.11 as resident key manager notifies the event hub (wiring.md 3.9; header "WSO2IS" per the 4.0-era doc, pitfall P12).
    tokenRevocationListener(IS511, "WSO2IS", NOTIFICATION_INTERCEPTOR.name, NOTIFICATION_INTERCEPTOR.type, role("controlPlane"), ["linkedAsKeyManager"], `${REF} 3.9 (S20 id 347754504)`),
    // MI registers services in API-M's service catalog (wiring.md 3.10; apim_host has no path).
    {
        client: MI, path: ["service_catalog"], points: role("serviceCatalog"), value: { shape: "firstEntry", key: "apim_host", url: { scheme: "https", port: "https" }, defaults: { enable: true } },
        source: `${REF} 3.10, 6 (default https://localhost:9443 is not offset-aware; S22, S23)`,
    },
    // API-M 3.2 five profiles (wiring.md 4; S14 sample offsets KM=0, Pub=1, DevPortal=2, TM=3, GW=4)
    ...throttlingClient(GW32, `${REF} 4 (GW -> TM; S14, S13 3.2.x)`),
    { client: GW32, path: ["apim", "throttling", "service_url"], points: role("trafficManager"), value: { shape: "single", url: https(SERVICES) }, source: `${REF} 4 (GW -> TM: also the event hub by fallback; S1 6.7.206, S14)` },
    ...keyManagerClient(GW32, `${REF} 4 (GW -> KM; S14)`).slice(0, 1),
    ...throttlingClient(PUB32, `${REF} 4 (Publisher -> TM; S14)`),
    { client: PUB32, path: ["apim", "throttling", "service_url"], points: role("trafficManager"), value: { shape: "single", url: https(SERVICES) }, source: `${REF} 4 (Publisher -> TM, policy deploy; S14)` },
    ...keyManagerClient(PUB32, `${REF} 4 (Publisher -> KM; S14)`).slice(0, 1),
    { client: PUB32, path: ["apim", "devportal", "url"], points: role("devportal"), value: { shape: "single", url: https("/devportal") }, source: `${REF} 4 (Publisher -> DevPortal: [apim.devportal] url; S14)` },
    ...throttlingClient(DEV32, `${REF} 4 (DevPortal -> TM; S14)`),
    ...keyManagerClient(DEV32, `${REF} 4 (DevPortal -> KM; S14)`).slice(0, 1),
    { client: DEV32, path: ["apim", "oauth_config", "revoke_endpoint"], points: role("keyManager"), value: { shape: "single", url: https("/oauth2/revoke") }, source: `${REF} 4 (DevPortal -> KM; S14, S2 default self; pitfall P17: the 3.2 sample lacks /oauth2)` },
    ...throttlingClient(KM32, `${REF} 4 (KM -> TM; S14)`),
    tokenRevocationListener(KM32, "default", NOTIFICATION_INTERCEPTOR.name, NOTIFICATION_INTERCEPTOR.type, role("trafficManager"), [], `${REF} 4 (KM -> TM notification_endpoint; S14 @e051279d)`),
    { client: TM32, path: ["apim", "throttling", "event_duplicate_url"], points: { peers: true }, when: ["ha"], value: { shape: "list", url: AMQP }, source: `${REF} 4 (TM <-> TM; S14, S6 v3.2.0)` },
    ...keyManagerClient(TM32, `${REF} 4 (TM -> KM; S14)`).slice(0, 1),
];

/**
 * The control plane lists the gateways that link to it: one `[[apim.gateway.environment]]`
 * per gateway group, named as that group's `gateway_labels` (4.x), with the URLs of the
 * group's first instance (the docs put a load balancer there; users who have one set the
 * URLs themselves). 3.2's publisher pushes artifacts through `service_url` (required).
 */
export const GATEWAY_ENVIRONMENT = {
    path: ["apim", "gateway", "environment"],
    labelsPath: ["apim", "sync_runtime_artifacts", "gateway"],
    labelsKey: "gateway_labels",
    /** 4.x only: the label keys exist from 4.0 (wiring.md 3.4). */
    labelsFrom: "4.0.0",
    /** Stock deployment.toml: `type = "hybrid"` for the default environment (S7). */
    defaults: { type: "hybrid", display_in_api_console: true, show_as_token_endpoint_url: true },
    urls: {
        service_url: https(SERVICES),
        http_endpoint: { scheme: "http", port: "passthru-http" },
        https_endpoint: { scheme: "https", port: "passthru-https" },
        ws_endpoint: { scheme: "ws", port: "ws" },
        wss_endpoint: { scheme: "wss", port: "wss" },
        websub_event_receiver_http_endpoint: { scheme: "http", port: "websub" },
        websub_event_receiver_https_endpoint: { scheme: "https", port: "websub-https" },
    } as Record<string, UrlSpec>,
    source: `${REF} 3.4, 7 "Required on the CP" (S1, S7, S9, S10, S14, S16-S18)`,
} as const;

/** Whether a group (product, profile, version) is of this kind. */
export function isKind(kind: GroupKind, product: string, profile: string | null, version: string, compare: (a: string, b: string) => number): boolean {
    if (kind.product !== product) return false;
    if (kind.profiles && !kind.profiles.includes(profile ?? "")) return false;
    if (kind.versions && (compare(version, kind.versions.from) < 0 || compare(version, kind.versions.until) >= 0)) return false;
    return true;
}
