/**
 * A pure function of a string, remembered. For parses and verdicts asked again and again over
 * one large spec (the same few addresses once per rule, the same key names once per
 * instance). At most `limit` answers are kept, then the cache starts over, so hostile input
 * (endless distinct strings) cannot grow it without end. A throw is not remembered.
 */
export function memoizeByText<T>(compute: (text: string) => T, limit = 4096): (text: string) => T {
    const cache = new Map<string, T>();
    return (text) => {
        if (cache.has(text)) return cache.get(text)!;
        const value = compute(text);
        if (cache.size >= limit) cache.clear();
        cache.set(text, value);
        return value;
    };
}
