import { distance } from "fastest-levenshtein";

/**
 * The known name closest to a misspelled one, if it is close enough to be what was meant:
 * at most 2 edits, and fewer than half the word (so `ab` never "means" `id`). Case is ignored.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
    const lower = typed.toLowerCase();
    let best: { name: string; d: number } | undefined;
    for (const name of known) {
        const d = distance(lower, name.toLowerCase());
        if (!best || d < best.d) best = { name, d };
    }
    return best && best.d <= Math.min(2, Math.floor(typed.length / 2)) ? best.name : undefined;
}

/** `did you mean "x"?` for a close name, else the list to choose from. */
export function suggestion(typed: string, known: readonly string[]): string {
    const close = closestName(typed, known);
    return close ? `did you mean "${close}"?` : `use one of ${known.join(", ")}`;
}
