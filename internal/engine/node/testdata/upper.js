// A user's own stage for the module kind: upper-cases ASCII letters, and
// doubles every chunk (so sizes change), as a Transform.
const { Transform } = require('node:stream');
module.exports = (options) => new Transform({
  ...options,
  transform(chunk, enc, cb) {
    const out = Buffer.from(chunk);
    for (let i = 0; i < out.length; i++) if (out[i] >= 97 && out[i] <= 122) out[i] -= 32;
    cb(null, Buffer.concat([out, out]));
  },
});
