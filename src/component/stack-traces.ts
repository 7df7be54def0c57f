/**
 * Registration without the SDK's debug-only stack traces.
 *
 * The Pulumi SDK wraps four promises per property of every resource it registers (about 71
 * properties on a docker.Container) and captures `new Error().stack` for each
 * (runtime/debuggable.js), to print them only when PULUMI_DEBUG_PROMISE_LEAKS is set. For a
 * few hundred containers that capture is most of the registration time (see bench/).
 * Nothing else loses: the SDK lifts the limit itself while it reads a resource's source
 * position (Resource.callsites), and with PULUMI_DEBUG_PROMISE_LEAKS set this does nothing.
 */
const HINT = "(stack frames are not captured while pulumi-wso2 registers its resources; set PULUMI_DEBUG_PROMISE_LEAKS=1 to keep them)";

/** Runs `register` synchronously with V8's stack capture off, and restores it, however it ends. */
export function withoutPromiseStackTraces<T>(register: () => T): T {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return register();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return register();
    } catch (e) {
        if (e instanceof Error) e.stack = `${e.stack ?? e.message}\n    ${HINT}`;
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}
