// A record parser for the study's object-mode scenario (parse.yaml): bytes
// in, objects out, as a newline-delimited JSON parser is. bpbench's
// producer sends base64 text with no newlines, so a record is every 128
// bytes of it; each is parsed with JSON.parse into { id, payload } (real
// parsing work, on the producer's real bytes).
//
// The byte side (writable) takes the swept highWaterMark, in bytes; the
// object side (readableObjectMode) is left at the runtime's default for
// objects, 16 objects, as most parsers leave it: in real Node a
// Transform's readableHighWaterMark counts objects once readableObjectMode
// is set, so passing the byte figure there would mean 16384 objects.
//
// Each object carries its record's size as a hidden length, which the
// node engine uses to map what the consumer took back to the producer's
// bytes.
const { Transform } = require('node:stream');

const RECORD = 128;

module.exports = (options) => {
  let rest = '';
  let id = 0;
  return new Transform({
    writableHighWaterMark: options.writableHighWaterMark,
    readableObjectMode: true,
    transform(chunk, enc, cb) {
      const text = rest + chunk.toString('latin1');
      let at = 0;
      for (; at + RECORD <= text.length; at += RECORD) {
        const rec = JSON.parse('{"id":' + id++ + ',"payload":"' + text.slice(at, at + RECORD) + '"}');
        Object.defineProperty(rec, 'length', { value: RECORD, enumerable: false });
        this.push(rec);
      }
      rest = text.slice(at);
      cb();
    },
    flush(cb) {
      if (rest.length > 0) {
        const rec = JSON.parse('{"id":' + id++ + ',"payload":"' + rest + '"}');
        Object.defineProperty(rec, 'length', { value: rest.length, enumerable: false });
        this.push(rec);
      }
      cb();
    },
  });
};
