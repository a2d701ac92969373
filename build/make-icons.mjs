// Draws Floe's icons (a blue tile with a white wave) as PNGs, so the app's artwork is
// reproducible from the repository: node build/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x / size, y / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const inRoundedSquare = (u, v, r) => {
  const dx = Math.max(r - u, u - (1 - r), 0);
  const dy = Math.max(r - v, v - (1 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
const onWave = (u, v, offset, width) => Math.abs(v - (offset + 0.06 * Math.sin(u * Math.PI * 2.2))) < width;

function tile(u, v) {
  if (!inRoundedSquare(u, v, 0.22)) return [0, 0, 0, 0];
  if (u > 0.16 && u < 0.84 && (onWave(u, v, 0.42, 0.045) || onWave(u, v, 0.6, 0.045))) return [255, 255, 255, 255];
  const t = (u + v) / 2;
  return [Math.round(79 - 48 * t), Math.round(179 - 68 * t), Math.round(255 - 20 * t), 255];
}

// Tray icons are drawn as a template: dark strokes on transparent, readable on light menu bars.
function tray(u, v) {
  if (u > 0.1 && u < 0.9 && (onWave(u, v, 0.38, 0.07) || onWave(u, v, 0.64, 0.07))) return [31, 42, 56, 255];
  return [0, 0, 0, 0];
}

const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'icons');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon.png'), png(512, tile));
fs.writeFileSync(path.join(out, 'tray.png'), png(32, tray));
console.log('wrote', out);
