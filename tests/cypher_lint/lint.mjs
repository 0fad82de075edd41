// Reads a JSON array of Cypher statements on stdin; writes, for each, the diagnostics of
// Neo4j's own parser and semantic analysis as JSON ({message, severity}) on stdout.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const report = statements.map((query) =>
  lintCypherQuery(query, {}).diagnostics.map((d) => ({ message: d.message, severity: d.severity })),
);
process.stdout.write(JSON.stringify(report));
