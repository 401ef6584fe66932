// stem_words.mjs - stems each line of standard input with the site's
// JavaScript stemmer (themes/default/snowball-english.js, loaded as the
// browser loads it: a classic script defining EnglishStemmer) and prints
// one stem a line. tests/t_search.py compares the output with libstemmer.
//   node stem_words.mjs STEMMER_JS < words
import fs from 'node:fs';
import vm from 'node:vm';

const sandbox = {};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(process.argv[2], 'utf8'), sandbox);
const stemmer = vm.runInContext('new EnglishStemmer()', sandbox);
const words = fs.readFileSync(0, 'utf8').split('\n');
if (words.length && words[words.length - 1] === '') words.pop();
process.stdout.write(words.map((w) => stemmer.stemWord(w)).join('\n') + '\n');
