// Counts packets with the npm `pcap-parser` package: the library a Node user would otherwise reach for.
const pcapp = require('pcap-parser');
let packets = 0;
const parser = pcapp.parse(process.argv[2]);
parser.on('packet', () => {
  packets++;
});
parser.on('end', () => {
  process.stdout.write(`${packets}\n`);
});
parser.on('error', (e) => {
  process.stderr.write(String(e) + '\n');
  process.exit(1);
});
