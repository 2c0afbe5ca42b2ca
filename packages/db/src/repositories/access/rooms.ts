import { AtscaleError, canAt, forbidden, grantingRole, notFound, reachOf } from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { sqlState, UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION } from '../../sql-errors.js';

/** A consulting or treatment room at a site. */
export interface RoomView {
  readonly id: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly practiceId: string | null;
  readonly name: string;
}

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [{ field, message }]);

const ROOM_COLUMNS = `r.id, r.site_id as "siteId", si.name as "siteName",
  si.practice_id as "practiceId", r.name`;

/**
 * Rooms per site (ACC-3) for one caller. Everyone who reads the rota reads the rooms of the
 * practices it reaches; `access:manage` at the site's practice (organisation-wide for the
 * organisation's own sites) adds, renames and removes them. Writes are audited.
 */
export function roomRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const canRead = (practiceId: string | null) =>
    canAt(principal, 'rota:read', { orgId, practiceId });
  const requireManage = (practiceId: string | null, what: string) => {
    if (!canAt(principal, 'access:manage', { orgId, practiceId })) throw forbidden(what);
  };
  const audit = (practiceId: string | null, action: string, id: string, reason: string) => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'access:manage', { orgId, practiceId }),
    action,
    entityType: 'room',
    entityId: id,
    patientId: null,
    reason,
    requestId,
  });

  const findRoom = async (roomId: string): Promise<RoomView> => {
    const { rows } = await db.query<RoomView>(
      `select ${ROOM_COLUMNS} from room r join site si on si.org_id = r.org_id and si.id = r.site_id
        where r.org_id = $1 and r.id = $2`,
      [orgId, roomId],
    );
    const room = rows[0];
    if (!room || !canRead(room.practiceId)) throw notFound('The room');
    return room;
  };

  const cleanName = (name: string) => {
    const trimmed = name.trim();
    if (trimmed === '') throw invalid('/name', 'a room needs a name');
    if (trimmed.length > 100) throw invalid('/name', 'at most 100 characters');
    return trimmed;
  };

  const duplicate = (error: unknown, name: string) => {
    if (sqlState(error) === UNIQUE_VIOLATION) {
      return new AtscaleError('conflict', `The site already has a room called ${name}`);
    }
    return error;
  };

  return {
    /** Rooms of a site, or of every site of a practice, or of every site the caller reaches. */
    async list(filter: { siteId?: string; practiceId?: string } = {}): Promise<RoomView[]> {
      const reach = reachOf(principal, 'rota:read');
      if (reach.kind === 'none') throw forbidden('see rooms');
      const { rows } = await db.query<RoomView>(
        `select ${ROOM_COLUMNS} from room r join site si on si.org_id = r.org_id and si.id = r.site_id
          where r.org_id = $1 and ($2::uuid is null or r.site_id = $2)
            and ($3::uuid is null or si.practice_id = $3)
          order by si.name, r.name, r.id`,
        [orgId, filter.siteId ?? null, filter.practiceId ?? null],
      );
      return rows.filter((r) => canRead(r.practiceId));
    },

    /** Adds a room to a site. */
    async create(input: { siteId: string; name: string }): Promise<RoomView> {
      const name = cleanName(input.name);
      const { rows: sites } = await db.query<{ practiceId: string | null }>(
        'select practice_id as "practiceId" from site where org_id = $1 and id = $2',
        [orgId, input.siteId],
      );
      const site = sites[0];
      if (!site || !canRead(site.practiceId)) {
        throw new AtscaleError('not-found', 'The site was not found', [
          { field: '/siteId', message: 'no such site' },
        ]);
      }
      requireManage(site.practiceId, 'add rooms at this site');
      const id = await db
        .transaction(async (tx) => {
          const { rows } = await tx.query<{ id: string }>(
            'insert into room (org_id, site_id, name) values ($1, $2, $3) returning id',
            [orgId, input.siteId, name],
          );
          const roomId = rows[0]?.id ?? '';
          await writeAudit(tx, [audit(site.practiceId, 'room.create', roomId, name)]);
          return roomId;
        })
        .catch((error: unknown) => {
          throw duplicate(error, name);
        });
      return findRoom(id);
    },

    /** Renames a room. */
    async rename(roomId: string, newName: string): Promise<RoomView> {
      const room = await findRoom(roomId);
      requireManage(room.practiceId, 'rename this room');
      const name = cleanName(newName);
      await db
        .transaction(async (tx) => {
          await tx.query('update room set name = $3 where org_id = $1 and id = $2', [
            orgId,
            roomId,
            name,
          ]);
          await writeAudit(tx, [audit(room.practiceId, 'room.update', roomId, name)]);
        })
        .catch((error: unknown) => {
          throw duplicate(error, name);
        });
      return findRoom(roomId);
    },

    /** Removes a room no session, pattern or slot uses (else a conflict saying so). */
    async remove(roomId: string): Promise<void> {
      const room = await findRoom(roomId);
      requireManage(room.practiceId, 'remove this room');
      await db
        .transaction(async (tx) => {
          await tx.query('delete from room where org_id = $1 and id = $2', [orgId, roomId]);
          await writeAudit(tx, [audit(room.practiceId, 'room.delete', roomId, room.name)]);
        })
        .catch((error: unknown) => {
          if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
            throw new AtscaleError(
              'conflict',
              `${room.name} is used by sessions, patterns or slots: it cannot be removed`,
            );
          }
          throw error;
        });
    },
  };
}

/** The room repository for one caller. */
export type RoomRepository = ReturnType<typeof roomRepository>;
