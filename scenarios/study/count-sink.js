// The consumer of the study's object-mode scenario (parse.yaml): an
// object-mode Writable that takes each parsed record (as an app storing or
// aggregating them would, here by counting its payload's characters) and
// calls back at once. Its highWaterMark is the runtime's default for
// objects (16), like the parser's object side.
const { Writable } = require('node:stream');

module.exports = () => {
  let chars = 0;
  return new Writable({
    objectMode: true,
    write(rec, enc, cb) {
      chars += rec.payload.length;
      cb();
    },
  });
};
