/**
 * A long text in slices of at most `size` UTF-16 units, never splitting a surrogate pair
 * (half of one would be written as U+FFFD). fs.writeSync of a text of megabytes encodes it
 * into a fresh buffer of its whole size, and on this kind of machine the page faults of that
 * allocation cost more than the encoding; a slice's buffer is freed at once and reused.
 */
export function* textSlices(text: string, size = TEXT_SLICE): Generator<string> {
    for (let start = 0; start < text.length;) {
        let end = Math.min(start + size, text.length);
        // A pair across the cut goes whole into one slice: this one, or the next (when this one would be empty).
        if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += end - 1 > start ? -1 : 1;
        yield start === 0 && end === text.length ? text : text.slice(start, end);
        start = end;
    }
}

export const TEXT_SLICE = 64 * 1024;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
