import { MAX_DIFFICULTY } from '../../protocol';

/** What `--help` prints: every setting a node reads from its environment. */
export const CONFIG_HELP = `Ballotchain node

Usage: npm start            (or: node dist/server/server/main.js)

Settings (environment variables):
  PORT            HTTP(S) port of the node and portal                  default 8000
  HOST            interface to listen on; when it is one IP address,   default 0.0.0.0 (all)
                  peer connections also leave from it
  DATA_DIR        folder for the node's SQLite database                default ./data/node-<PORT>
  PUBLIC_URL      address other nodes use to reach this one            default http://127.0.0.1:<PORT>
                  (https:// with TLS_CERT)
  TLS_CERT / TLS_KEY  PEM files of this node's certificate (intermediates after it) and its private
                  key; the node then serves https only, with HSTS. Both or neither    default: plain http
  PEER_CA_FILE    PEM file of CAs trusted for https peers and the authority, besides Node's own
  PEERS           comma-separated node addresses to register with at start
  ELECTION        where the election comes from when DATA_DIR has none yet:
                    demo       the demo election's 15 voters as a sealed secret election run by this
                               node, with 3 demo trustees it holds (2 decrypt), opened once their key
                               ceremony is done; activation codes in DATA_DIR/activation-codes.csv
                    open-demo  the demo election's voters in an open election: each ballot shows its
                               voter ID and party in clear, no authority, open at once
                    setup      wait for an admin to create the election in the portal (/admin)
                    join       take the election of the first of PEERS that answers
                  default: join when PEERS is set, otherwise demo
  ELECTION_FILE   JSON election definition: {"title", "parties", "difficulty"?, "scheme"?, "voters"?}
                  scheme "secret" makes this node the authority (codes in DATA_DIR/activation-codes.csv)
                  and is sealed: add "trustees" (from npm run trustee -- init), "threshold"?, "blank"?,
                  or for a trial only "demo_trustees": N (this node holds them and can decrypt everything)
  ELECTION_ID     accept only the election with this genesis hash (join, or the one DATA_DIR holds)
  DIFFICULTY      overrides the definition's difficulty (0-${MAX_DIFFICULTY} leading zero hex digits)
  ADMIN_TOKEN     bearer token for admin requests (16 to 256 characters, no spaces)
                  default: generated once and kept in DATA_DIR/admin-token
  AUTHORITY_PASSPHRASE_FILE  file whose first line (12+ characters, file mode 600) seals the
                  authority's private keys at rest (scrypt + AES-256-GCM); needed at every start once used
  AUTHORITY_URL   node that issues credentials, when this node is not the authority
                  default: the first of PEERS
  HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS   a request's head, and all of it,   10000 / 60000
                  must arrive within this time
  HTTP_KEEP_ALIVE_TIMEOUT_MS  idle keep-alive connections close after this     default 5000
  HTTP_MAX_CONNECTIONS  connections at once                                   default 1000
  RATE_LIMIT_VOTER / _PUBLIC / _ADMIN / _PEER   requests per client address per minute   120 / 1200 / 120 / 12000
                  (0: no limit); 10 wrong admin tokens in 15 minutes lock an address out
  RATE_LIMIT_LOOPBACK  off: no limit for clients on loopback addresses      default on
  TRUST_PROXY     proxies whose X-Forwarded-For names the client (rate limits, lockouts, audit log):
                  a hop count (1-10), or IP addresses, subnets, loopback, linklocal, uniquelocal
                  (comma-separated)                                        default off
  MINE_INTERVAL_MS mine pending transactions this often; 0 = only on GET /mine   default 3000
  SYNC_INTERVAL_MS how often the node polls its peers to catch up        default 5000
  PEER_BAN_SECONDS how long a misbehaving peer stays banned, in seconds  default 3600
  CLOCK_OFFSET_SECONDS  run this node's clock ahead (or behind) by this much, to drill clock skew   default 0
  LOG_FORMAT      json (one JSON object per line) or text              default json
                  text is coloured only on a terminal, and never with NO_COLOR set
  LOG_LEVEL       error, warn, log, debug or verbose; debug adds Nest's   default log
                  start-up report (modules loaded, routes mapped)

A node started again on a DATA_DIR that holds an election reopens that election as it was left (its log
says which); a new DATA_DIR, or an empty one, starts a new election.
`;
