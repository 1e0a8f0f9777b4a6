// A QR code (ISO/IEC 18004) of a short text, drawn as SVG, for the two-factor setup link that
// authenticator apps scan. Small on purpose: byte mode, error correction level M, versions 1 to 10
// (up to 213 bytes, room for any otpauth:// link of a normal email). Of the eight mask patterns
// the one with the lowest penalty (ISO/IEC 18004 §7.8.3) is chosen, as the standard asks, so that
// few runs of modules look like the finder patterns scanners search for. The algorithm follows
// Project Nayuki's QR Code generator (MIT). Longer text gets no code: the page shows the link as
// text anyway.

const MAX_VERSION = 10;
// level M, by version (index 0 unused): error correction codewords per block, and blocks
const ECC_PER_BLOCK = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
// level M's two format bits
const FORMAT_M = 0;
// whether a mask pattern inverts the module at column x, row y (ISO/IEC 18004 table 10)
const MASKS = [
    (x, y) => (x + y) % 2 === 0,
    (x, y) => y % 2 === 0,
    (x) => x % 3 === 0,
    (x, y) => (x + y) % 3 === 0,
    (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
    (x, y) => (x * y) % 2 + (x * y) % 3 === 0,
    (x, y) => ((x * y) % 2 + (x * y) % 3) % 2 === 0,
    (x, y) => ((x + y) % 2 + (x * y) % 3) % 2 === 0,
];

/** The modules (true: dark) of the text's QR code, rows of columns; null when it does not fit. */
export function qrModules(text) {
    const bytes = new TextEncoder().encode(text);
    let version = 1;
    while (version <= MAX_VERSION && dataCapacity(version) * 8 < 4 + countBits(version) + bytes.length * 8) {
        version += 1;
    }
    if (version > MAX_VERSION) {
        return null;
    }
    const capacity = dataCapacity(version);
    const bits = [];
    const put = (value, length) => {
        for (let i = length - 1; i >= 0; i--) {
            bits.push((value >>> i) & 1);
        }
    };
    put(0b0100, 4);                              // byte mode
    put(bytes.length, countBits(version));
    bytes.forEach((byte) => put(byte, 8));
    put(0, Math.min(4, capacity * 8 - bits.length));   // terminator
    put(0, (8 - bits.length % 8) % 8);
    const data = [];
    for (let i = 0; i < bits.length; i += 8) {
        data.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
    }
    for (let pad = 0xEC; data.length < capacity; pad ^= 0xEC ^ 0x11) {
        data.push(pad);
    }
    return new Grid(version).draw(interleaved(version, data));
}

/** The code as an SVG image, with its quiet zone of four modules, or null when the text is too long. */
export function qrSvg(text, {label, pixels = 200} = {}) {
    const modules = qrModules(text);
    if (!modules) {
        return null;
    }
    const size = modules.length + 8;
    // a whole number of pixels per module, at least the asked size: modules of one width, crisp
    const width = Math.ceil(pixels / size) * size;
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
    svg.setAttribute('width', width);
    svg.setAttribute('height', width);
    svg.setAttribute('class', 'qr');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label || 'QR code');
    svg.setAttribute('shape-rendering', 'crispEdges');
    const background = document.createElementNS(svgNs, 'rect');
    background.setAttribute('width', size);
    background.setAttribute('height', size);
    background.setAttribute('fill', '#fff');
    const path = [];
    modules.forEach((row, y) => row.forEach((dark, x) => {
        if (dark) {
            path.push(`M${x + 4} ${y + 4}h1v1h-1z`);
        }
    }));
    const dark = document.createElementNS(svgNs, 'path');
    dark.setAttribute('d', path.join(''));
    dark.setAttribute('fill', '#000');
    svg.append(background, dark);
    return svg;
}

function countBits(version) {
    return version < 10 ? 8 : 16;
}

/** Modules that hold codewords (data and error correction), all function patterns taken out. */
function rawModules(version) {
    let result = (16 * version + 128) * version + 64;
    if (version >= 2) {
        const alignments = Math.floor(version / 7) + 2;
        result -= (25 * alignments - 10) * alignments - 55;
        if (version >= 7) {
            result -= 36;
        }
    }
    return result;
}

function dataCapacity(version) {
    return Math.floor(rawModules(version) / 8) - ECC_PER_BLOCK[version] * BLOCKS[version];
}

/** The data split into blocks, each with its Reed-Solomon codewords, then interleaved. */
function interleaved(version, data) {
    const blocks = BLOCKS[version];
    const eccLength = ECC_PER_BLOCK[version];
    const raw = Math.floor(rawModules(version) / 8);
    const shortBlocks = blocks - raw % blocks;
    const shortLength = Math.floor(raw / blocks);
    const divisor = rsDivisor(eccLength);
    const all = [];
    for (let i = 0, k = 0; i < blocks; i++) {
        const block = data.slice(k, k + shortLength - eccLength + (i < shortBlocks ? 0 : 1));
        k += block.length;
        const ecc = rsRemainder(block, divisor);
        if (i < shortBlocks) {
            block.push(0);   // a place holder, skipped below, so that all blocks have one length
        }
        all.push(block.concat(ecc));
    }
    const result = [];
    for (let i = 0; i < all[0].length; i++) {
        all.forEach((block, j) => {
            if (i !== shortLength - eccLength || j >= shortBlocks) {
                result.push(block[i]);
            }
        });
    }
    return result;
}

function gfMultiply(x, y) {
    let z = 0;
    for (let i = 7; i >= 0; i--) {
        z = (z << 1) ^ ((z >>> 7) * 0x11D);
        z ^= ((y >>> i) & 1) * x;
    }
    return z;
}

function rsDivisor(degree) {
    const result = new Array(degree - 1).fill(0);
    result.push(1);
    let root = 1;
    for (let i = 0; i < degree; i++) {
        for (let j = 0; j < result.length; j++) {
            result[j] = gfMultiply(result[j], root);
            if (j + 1 < result.length) {
                result[j] ^= result[j + 1];
            }
        }
        root = gfMultiply(root, 0x02);
    }
    return result;
}

function rsRemainder(data, divisor) {
    const result = divisor.map(() => 0);
    for (const byte of data) {
        const factor = byte ^ result.shift();
        result.push(0);
        divisor.forEach((coefficient, i) => {
            result[i] ^= gfMultiply(coefficient, factor);
        });
    }
    return result;
}

/** The grid of one version: function patterns first, then the codewords, masked, then the format. */
class Grid {
    constructor(version) {
        this.version = version;
        this.size = version * 4 + 17;
        this.modules = Array.from({length: this.size}, () => new Array(this.size).fill(false));
        this.reserved = Array.from({length: this.size}, () => new Array(this.size).fill(false));
    }

    set(x, y, dark) {
        this.modules[y][x] = dark;
        this.reserved[y][x] = true;
    }

    draw(codewords) {
        const size = this.size;
        for (let i = 0; i < size; i++) {
            this.set(6, i, i % 2 === 0);
            this.set(i, 6, i % 2 === 0);
        }
        this.finder(3, 3);
        this.finder(size - 4, 3);
        this.finder(3, size - 4);
        const positions = this.alignmentPositions();
        positions.forEach((x, i) => positions.forEach((y, j) => {
            const corner = (i === 0 && j === 0) || (i === 0 && j === positions.length - 1)
                || (i === positions.length - 1 && j === 0);
            if (!corner) {
                this.alignment(x, y);
            }
        }));
        this.format(0);   // reserves its modules; drawn again with the chosen mask's bits below
        this.versionBits();
        this.codewords(codewords);
        let best = null;
        MASKS.forEach((_, mask) => {
            this.applyMask(mask);
            this.format(mask);
            const penalty = this.penalty();
            if (best === null || penalty < best.penalty) {
                best = {mask, penalty};
            }
            this.applyMask(mask);   // a mask is its own inverse
        });
        this.applyMask(best.mask);
        this.format(best.mask);
        return this.modules;
    }

    applyMask(mask) {
        for (let y = 0; y < this.size; y++) {
            for (let x = 0; x < this.size; x++) {
                if (!this.reserved[y][x] && MASKS[mask](x, y)) {
                    this.modules[y][x] = !this.modules[y][x];
                }
            }
        }
    }

    /** The standard's penalty of the grid as it stands: long runs, 2x2 blocks, finder-like runs, imbalance. */
    penalty() {
        const size = this.size;
        const at = (x, y) => this.modules[y][x];
        let result = 0;
        let dark = 0;
        for (let line = 0; line < size; line++) {
            // rows then columns, each read as one line of modules
            [(i) => at(i, line), (i) => at(line, i)].forEach((module) => {
                let run = 1;
                for (let i = 1; i <= size; i++) {
                    if (i < size && module(i) === module(i - 1)) {
                        run += 1;
                    } else {
                        result += run >= 5 ? run - 2 : 0;   // rule 1: 3 for five, one more per module beyond
                        run = 1;
                    }
                }
                // rule 3: dark-light-dark-dark-dark-light-dark beside four light modules (outside is light)
                const light = (i) => i < 0 || i >= size || !module(i);
                for (let i = -4; i < size; i++) {
                    const core = [0, 2, 3, 4, 6].every((k) => !light(i + k)) && !light(i) && light(i + 1) && light(i + 5);
                    if (core && [-1, -2, -3, -4].every((k) => light(i + k))) {
                        result += 40;
                    }
                    if (core && [7, 8, 9, 10].every((k) => light(i + k))) {
                        result += 40;
                    }
                }
            });
            for (let x = 0; x < size; x++) {
                dark += at(x, line) ? 1 : 0;
                if (line > 0 && x > 0 && at(x, line) === at(x - 1, line)
                        && at(x, line) === at(x, line - 1) && at(x, line) === at(x - 1, line - 1)) {
                    result += 3;   // rule 2: each 2x2 block of one colour
                }
            }
        }
        const total = size * size;
        return result + 10 * Math.floor(Math.abs(dark * 20 - total * 10) / total);   // rule 4: 10 per 5% off half
    }

    finder(cx, cy) {
        for (let dy = -4; dy <= 4; dy++) {
            for (let dx = -4; dx <= 4; dx++) {
                const x = cx + dx;
                const y = cy + dy;
                if (x >= 0 && x < this.size && y >= 0 && y < this.size) {
                    const distance = Math.max(Math.abs(dx), Math.abs(dy));
                    this.set(x, y, distance !== 2 && distance !== 4);
                }
            }
        }
    }

    alignment(cx, cy) {
        for (let dy = -2; dy <= 2; dy++) {
            for (let dx = -2; dx <= 2; dx++) {
                this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
            }
        }
    }

    alignmentPositions() {
        if (this.version === 1) {
            return [];
        }
        const count = Math.floor(this.version / 7) + 2;
        const step = Math.ceil((this.version * 4 + 4) / (count * 2 - 2)) * 2;
        const result = [6];
        for (let position = this.size - 7; result.length < count; position -= step) {
            result.splice(1, 0, position);
        }
        return result;
    }

    format(mask) {
        const data = (FORMAT_M << 3) | mask;
        let remainder = data;
        for (let i = 0; i < 10; i++) {
            remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
        }
        const bits = ((data << 10) | remainder) ^ 0x5412;
        const bit = (i) => ((bits >>> i) & 1) !== 0;
        for (let i = 0; i <= 5; i++) {
            this.set(8, i, bit(i));
        }
        this.set(8, 7, bit(6));
        this.set(8, 8, bit(7));
        this.set(7, 8, bit(8));
        for (let i = 9; i < 15; i++) {
            this.set(14 - i, 8, bit(i));
        }
        for (let i = 0; i < 8; i++) {
            this.set(this.size - 1 - i, 8, bit(i));
        }
        for (let i = 8; i < 15; i++) {
            this.set(8, this.size - 15 + i, bit(i));
        }
        this.set(8, this.size - 8, true);   // the dark module
    }

    versionBits() {
        if (this.version < 7) {
            return;
        }
        let remainder = this.version;
        for (let i = 0; i < 12; i++) {
            remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1F25);
        }
        const bits = (this.version << 12) | remainder;
        for (let i = 0; i < 18; i++) {
            const dark = ((bits >>> i) & 1) !== 0;
            const a = this.size - 11 + i % 3;
            const b = Math.floor(i / 3);
            this.set(a, b, dark);
            this.set(b, a, dark);
        }
    }

    /** The codewords' bits in the zigzag of two-module columns, right to left, skipping the timing column. */
    codewords(data) {
        let i = 0;
        for (let right = this.size - 1; right >= 1; right -= 2) {
            if (right === 6) {
                right = 5;
            }
            for (let vertical = 0; vertical < this.size; vertical++) {
                for (let j = 0; j < 2; j++) {
                    const x = right - j;
                    const upward = ((right + 1) & 2) === 0;
                    const y = upward ? this.size - 1 - vertical : vertical;
                    if (!this.reserved[y][x] && i < data.length * 8) {
                        this.modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) !== 0;
                        i += 1;
                    }
                }
            }
        }
    }
}
