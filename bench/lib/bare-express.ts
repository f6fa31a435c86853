// The floor under every Express app on this machine: Express 5 parsing a JSON ballot and answering 201,
// with no validation, storage or framework. Measured with the same client as the node, it tells how
// much of the ingest time is the HTTP stack itself. Run as its own process: bare-express.js PORT.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.post('/new_transaction', (req, res) => {
  res.status(201).json({ message: 'Success', ballot: { ...(req.body as object), timestamp: Date.now() / 1000 } });
});
const server = app.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
