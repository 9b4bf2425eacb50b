// Prints the default highWaterMarks of the running Node (or Bun, or Deno,
// through their Node compatibility) as one JSON object.
'use strict';
const { Readable, Writable, getDefaultHighWaterMark } = require('node:stream');
const fs = require('node:fs');
const net = require('node:net');

const r = new Readable({ read() {} });
const enc = new Readable({ encoding: 'utf8', read() {} });
const setEnc = new Readable({ read() {} });
setEnc.setEncoding('utf8');
const file = fs.createReadStream(process.execPath);
const sock = new net.Socket();
const out = {
  node: process.version,
  runtime: process.versions.bun ? 'bun ' + process.versions.bun
    : process.versions.deno ? 'deno ' + process.versions.deno : 'node ' + process.version,
  readable: r.readableHighWaterMark,
  writable: new Writable({ write(c, e, cb) { cb(); } }).writableHighWaterMark,
  objectReadable: new Readable({ objectMode: true, read() {} }).readableHighWaterMark,
  objectWritable: new Writable({ objectMode: true, write(c, e, cb) { cb(); } }).writableHighWaterMark,
  encodingReadable: enc.readableHighWaterMark,
  setEncodingReadable: setEnc.readableHighWaterMark,
  fsReadStream: file.readableHighWaterMark,
  socketReadable: sock.readableHighWaterMark,
  socketWritable: sock.writableHighWaterMark,
  generic: typeof getDefaultHighWaterMark === 'function' ? getDefaultHighWaterMark(false) : null,
};
file.destroy();
sock.destroy();
process.stdout.write(JSON.stringify(out) + '\n');
