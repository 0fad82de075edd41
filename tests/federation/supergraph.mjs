// A supergraph on loopback: Kith's subgraph SDL composed with a payments subgraph written
// for the test, served by Apollo's gateway, which forwards the caller's Authorization header
// to both. Usage: node supergraph.mjs <kith-subgraph.graphql> <kith-url>
// Prints one JSON line ({"gateway": url} or {"errors": [...]}); runs until stdin closes.
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { GraphQLError, parse } from "graphql";

const [kithSdlPath, kithUrl, paymentsSdlPath] = process.argv.slice(2);

// The payments team's subgraph: it owns payments and adds them to Kith's Customer.
const PAYMENTS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") {
    id: ID!
    recentPayments(first: Int = 3): [Payment!]!
  }
  type Payment { reference: String! amount: Float! currency: String! payee: String! }
`;

const PAYMENTS = {
  "C-0000001": [
    { reference: "PAY-1001", amount: 82.5, currency: "GBP", payee: "Leeds City Council" },
    { reference: "PAY-1002", amount: 1250.0, currency: "GBP", payee: "Northern Homes" },
  ],
};

const resolvers = {
  Customer: {
    __resolveReference(customer, context) {
      if (!context.authorization?.startsWith("Bearer ")) {
        throw new GraphQLError("payments: no bearer token was forwarded", {
          extensions: { code: "UNAUTHENTICATED" },
        });
      }
      return { id: customer.id };
    },
    recentPayments(customer, { first }) {
      return (PAYMENTS[customer.id] ?? []).slice(0, first);
    },
  },
};

async function main() {
  const paymentsSdl = paymentsSdlPath ? readFileSync(paymentsSdlPath, "utf8") : PAYMENTS_SDL;
  const payments = new ApolloServer({
    schema: buildSubgraphSchema([
      { typeDefs: parse(paymentsSdl), resolvers: paymentsSdlPath ? {} : resolvers },
    ]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url: paymentsUrl } = await startStandaloneServer(payments, {
    listen: { host: "127.0.0.1", port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });

  const composed = composeServices([
    { name: "kith", typeDefs: parse(readFileSync(kithSdlPath, "utf8")), url: kithUrl },
    { name: "payments", typeDefs: parse(paymentsSdl), url: paymentsUrl },
  ]);
  if (composed.errors) {
    console.log(JSON.stringify({ errors: composed.errors.map((e) => e.message) }));
    process.exit(1);
  }

  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request, context }) {
          // The router's job: pass the caller's token on; each subgraph authenticates it.
          if (context.authorization) {
            request.http.headers.set("authorization", context.authorization);
          }
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(JSON.stringify({ gateway: url }));
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
}

main().catch((error) => {
  console.log(JSON.stringify({ errors: [String(error?.stack ?? error)] }));
  process.exit(1);
});
