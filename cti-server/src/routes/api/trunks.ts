import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import { IdParams, errors } from '../../schemas/common.js';
import { NewTrunkBody, TrunkPatchBody, TrunkView } from '../../schemas/trunks.js';
import { CidrError, parseCidrList } from '../../trunks/index.js';
import { audited, type Tx } from '../../services/audit/audit-log.js';

type TrunkRow = {
  id: string;
  name: string;
  direction: string;
  allowedCidrs: string;
  inboundUsername: string | null;
  inboundPassword: string | null;
  host: string | null;
  port: number | null;
  transport: string;
  username: string | null;
  password: string | null;
  register: boolean;
  callerId: string | null;
  enabled: boolean;
};

const view = ({ inboundPassword, password, ...t }: TrunkRow) => ({
  ...t,
  hasInboundPassword: Boolean(inboundPassword),
  hasPassword: Boolean(password),
});

/** A trunk as the API and the audit log show it (no secret). */
const snapshot = async (tx: Tx, id: string) => {
  const row = await tx.trunk.findUnique({ where: { id } });
  return row ? view(row) : null;
};

/** A bad allowlist must be refused here: the trunk guard would otherwise drop the trunk silently. */
function checkCidrs(value: string | undefined): void {
  if (value === undefined) return;
  try {
    parseCidrList(value);
  } catch (err) {
    if (err instanceof CidrError) throw new BadRequestError(err.message, 'BAD_CIDR');
    throw err;
  }
}

/** SIP trunks (admin only). Changes reach the running toll-fraud guard at once. */
const trunks: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.authorize('admin');
  const tags = ['trunks'];
  const reload = async () => {
    if (app.hasDecorator('sip')) await app.sip.reloadTrunks();
  };

  app.get(
    '/trunks',
    { onRequest: admin, schema: { tags, response: { 200: Type.Array(TrunkView), ...errors() } } },
    async () => (await app.db.trunk.findMany({ orderBy: { name: 'asc' } })).map(view),
  );

  app.post(
    '/trunks',
    { onRequest: admin, schema: { tags, body: NewTrunkBody, response: { 201: TrunkView, ...errors(409) } } },
    async (request, reply) => {
      checkCidrs(request.body.allowedCidrs);
      if (await app.db.trunk.findUnique({ where: { name: request.body.name } })) {
        throw new ConflictError(`trunk ${request.body.name} exists`);
      }
      const created = await audited(app.db, request.user, {
        action: 'trunk.create',
        snapshot,
        idOf: (t) => t.id,
        summary: (t) => `created trunk ${t.name}`,
        write: (tx: Tx) => tx.trunk.create({ data: request.body }),
      });
      await reload();
      return reply.status(201).send(view(created));
    },
  );

  app.patch(
    '/trunks/:id',
    {
      onRequest: admin,
      schema: { tags, params: IdParams, body: TrunkPatchBody, response: { 200: TrunkView, ...errors(404) } },
    },
    async (request) => {
      checkCidrs(request.body.allowedCidrs);
      const existing = await app.db.trunk.findUnique({ where: { id: request.params.id } });
      if (!existing) throw new NotFoundError('trunk', request.params.id);
      const updated = await audited(app.db, request.user, {
        action: 'trunk.update',
        entityId: existing.id,
        snapshot,
        summary: (t, changed) => `changed trunk ${t.name}: ${changed}`,
        write: (tx: Tx) => tx.trunk.update({ where: { id: existing.id }, data: request.body }),
      });
      await reload();
      return view(updated);
    },
  );
};

export default trunks;
