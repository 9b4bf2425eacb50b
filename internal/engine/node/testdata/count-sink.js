// A user's own consumer for the module kind: a Writable that counts the
// bytes it is given and takes a turn of the event loop per chunk.
const { Writable } = require('node:stream');
module.exports = (options) => {
  let n = 0;
  return new Writable({
    ...options,
    write(chunk, enc, cb) {
      n += chunk.length;
      setImmediate(cb);
    },
    final(cb) {
      if (n === 0) return cb(new Error('count-sink: no bytes'));
      cb();
    },
  });
};
