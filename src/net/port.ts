/** TCP/UDP port numbers: whole numbers from 1 to 65535, never strings or floats. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export const isPortNumber = (value: unknown): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
