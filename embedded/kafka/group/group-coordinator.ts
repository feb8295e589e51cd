import { randomUUID } from 'node:crypto';
import { childOf, type EmbeddedLogger } from '../../logger';
import { ErrorCode } from '../protocol/error-codes';
import { Group, type JoinResult, type Member, type SyncResult } from './group';
import type { OffsetStore } from './offset-store';

export interface CoordinatorOptions {
  /** Smallest session timeout accepted (default 1000; Kafka's 6000 would slow tests). Outside → INVALID_SESSION_TIMEOUT. */
  minSessionTimeoutMs?: number;
  /** Largest session timeout accepted (default 1_800_000, Kafka's). */
  maxSessionTimeoutMs?: number;
  /** How long the first rebalance of an empty group waits for more members (default 0; Kafka's is 3000). */
  initialRebalanceDelayMs?: number;
  /** How often session and rebalance deadlines are checked (default 50 ms). */
  tickMs?: number;
}

export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Buffer }>;
  clientId: string;
  clientHost: string;
}

const MAX_METADATA = 4096;

function joinError(errorCode: number, memberId = ''): JoinResult {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

/**
 * The group coordinator of the single node: the classic (pre-KIP-848) rebalance protocol with a join barrier and a
 * sync barrier, generations, session timeouts (members dropped when they stop heartbeating) and rebalance timeouts
 * (members that do not rejoin in time are dropped), plus committed offsets.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly timer: NodeJS.Timeout;
  private readonly logger: EmbeddedLogger;
  private readonly minSession: number;
  private readonly maxSession: number;
  private readonly initialDelay: number;

  constructor(
    readonly offsets: OffsetStore,
    logger: EmbeddedLogger,
    options: CoordinatorOptions = {},
  ) {
    this.logger = childOf(logger, { part: 'groups' });
    this.minSession = options.minSessionTimeoutMs ?? 1000;
    this.maxSession = options.maxSessionTimeoutMs ?? 1_800_000;
    this.initialDelay = options.initialRebalanceDelayMs ?? 0;
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        this.logger.error({ err: error }, 'kafka: group coordinator tick failed');
      }
    }, options.tickMs ?? 50);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    for (const group of this.groups.values()) {
      for (const member of group.members.values()) {
        member.joinWaiter?.(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, member.memberId));
        member.syncWaiter?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: Buffer.alloc(0) });
      }
    }
    this.groups.clear();
  }

  group(groupId: string): Group | undefined {
    return this.groups.get(groupId);
  }

  allGroups(): Group[] {
    return [...this.groups.values()];
  }

  join(request: JoinRequest): Promise<JoinResult> | JoinResult {
    if (!request.groupId) return joinError(ErrorCode.INVALID_GROUP_ID);
    if (request.sessionTimeoutMs < this.minSession || request.sessionTimeoutMs > this.maxSession) {
      return joinError(ErrorCode.INVALID_SESSION_TIMEOUT, request.memberId);
    }
    let group = this.groups.get(request.groupId);
    if (!group) this.groups.set(request.groupId, (group = new Group(request.groupId)));
    if (group.members.size > 0 && group.protocolType !== request.protocolType) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId);
    if (request.protocols.length === 0) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId);

    let member: Member | undefined;
    if (request.memberId === '') {
      member = {
        memberId: `${request.clientId || 'member'}-${randomUUID()}`,
        groupInstanceId: request.groupInstanceId,
        clientId: request.clientId,
        clientHost: request.clientHost,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs: request.rebalanceTimeoutMs,
        protocols: request.protocols,
        assignment: Buffer.alloc(0),
        joinWaiter: null,
        syncWaiter: null,
        sessionDeadline: Date.now() + request.sessionTimeoutMs,
      };
      const everyoneSupports = [...group.members.values()].every((other) => other.protocols.some((p) => request.protocols.some((q) => q.name === p.name)));
      if (!everyoneSupports) return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      group.members.set(member.memberId, member);
      group.protocolType = request.protocolType;
    } else {
      member = group.members.get(request.memberId);
      if (!member) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId);
      member.protocols = request.protocols;
      member.sessionTimeoutMs = request.sessionTimeoutMs;
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
      member.clientHost = request.clientHost;
    }
    // A second JoinGroup from the same member supersedes the first (the client gave up on it).
    member.joinWaiter?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    const joined = member;
    const result = new Promise<JoinResult>((resolve) => {
      joined.joinWaiter = resolve;
    });
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group, `member ${member.memberId} joined`);
    this.maybeCompleteJoin(group);
    return result;
  }

  sync(groupId: string, generationId: number, memberId: string, assignments: Array<{ memberId: string; assignment: Buffer }>): Promise<SyncResult> | SyncResult {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    if (generationId !== group.generationId) return { errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: Buffer.alloc(0) };
    member.sessionDeadline = Date.now() + member.sessionTimeoutMs;
    switch (group.state) {
      case 'PreparingRebalance':
        return { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) };
      case 'Stable':
        return { errorCode: ErrorCode.NONE, assignment: member.assignment };
      case 'CompletingRebalance': {
        const result = new Promise<SyncResult>((resolve) => {
          member.syncWaiter = resolve;
        });
        if (memberId === group.leaderId) {
          const byMember = new Map(assignments.map((entry) => [entry.memberId, entry.assignment]));
          for (const each of group.members.values()) each.assignment = Buffer.from(byMember.get(each.memberId) ?? Buffer.alloc(0));
          group.state = 'Stable';
          this.logger.debug({ group: groupId, generation: group.generationId }, 'kafka: group stable');
          for (const each of group.members.values()) {
            each.syncWaiter?.({ errorCode: ErrorCode.NONE, assignment: each.assignment });
            each.syncWaiter = null;
          }
        }
        return result;
      }
      default:
        return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    }
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    member.sessionDeadline = Date.now() + member.sessionTimeoutMs;
    if (group.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(group, member, 'left the group');
    return ErrorCode.NONE;
  }

  /** Validates an OffsetCommit against the group's membership and generation; NONE means the offsets may be stored. */
  checkCommit(groupId: string, generationId: number, memberId: string): number {
    if (!groupId) return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    if (generationId < 0 && memberId === '') {
      // A commit from outside any generation (admin setOffsets, assign()-style consumers) needs an empty group.
      return !group || group.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    member.sessionDeadline = Date.now() + member.sessionTimeoutMs;
    return ErrorCode.NONE;
  }

  commitMetadataTooLarge(metadata: string | null): boolean {
    return metadata !== null && Buffer.byteLength(metadata) > MAX_METADATA;
  }

  /** DeleteGroups: only a group without members; its committed offsets go too. */
  deleteGroup(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.hasGroup(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  /** Group ids that exist: with members, or with committed offsets. */
  groupIds(): string[] {
    const ids = new Set(this.offsets.groupIds());
    for (const group of this.groups.values()) if (group.members.size > 0 || group.generationId > 0) ids.add(group.groupId);
    return [...ids];
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.syncWaiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
        member.syncWaiter = null;
      }
    }
    const now = Date.now();
    group.joinNotBefore = group.state === 'Empty' ? now + this.initialDelay : 0;
    group.state = 'PreparingRebalance';
    let timeout = 0;
    for (const member of group.members.values()) timeout = Math.max(timeout, member.rebalanceTimeoutMs);
    group.rebalanceDeadline = now + timeout;
    this.logger.debug({ group: group.groupId, reason }, 'kafka: preparing rebalance');
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance' || Date.now() < group.joinNotBefore) return;
    for (const member of group.members.values()) if (!member.joinWaiter) return;
    this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    if (group.members.size === 0) {
      this.becomeEmpty(group);
      return;
    }
    const protocol = group.chooseProtocol();
    group.generationId++;
    if (!group.leaderId || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value!;
    if (protocol === null) {
      // Cannot happen with the join-time checks; fail everyone rather than hang.
      for (const member of group.members.values()) member.joinWaiter?.(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, member.memberId));
      group.members.clear();
      this.becomeEmpty(group);
      return;
    }
    group.protocolName = protocol;
    group.state = 'CompletingRebalance';
    const now = Date.now();
    const everyone = [...group.members.values()].map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      metadata: group.metadataFor(member, protocol),
    }));
    this.logger.debug({ group: group.groupId, generation: group.generationId, members: everyone.length }, 'kafka: join barrier closed');
    for (const member of group.members.values()) {
      const waiter = member.joinWaiter;
      member.joinWaiter = null;
      member.sessionDeadline = now + member.sessionTimeoutMs;
      waiter?.({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolName: protocol,
        leader: group.leaderId,
        memberId: member.memberId,
        members: member.memberId === group.leaderId ? everyone : [],
      });
    }
  }

  private becomeEmpty(group: Group): void {
    group.state = 'Empty';
    group.generationId++;
    group.leaderId = null;
    group.protocolName = null;
    // Kafka keeps the protocol type of a group that went empty.
  }

  /** `settle` false: the caller closes the join barrier itself after removing several members. */
  private removeMember(group: Group, member: Member, reason: string, settle = true): void {
    group.members.delete(member.memberId);
    member.joinWaiter?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.syncWaiter?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    member.joinWaiter = null;
    member.syncWaiter = null;
    if (group.leaderId === member.memberId) group.leaderId = null;
    this.logger.debug({ group: group.groupId, member: member.memberId, reason }, 'kafka: member removed');
    if (group.members.size === 0) {
      this.becomeEmpty(group);
      return;
    }
    if (!settle) return;
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group, `member ${reason}`);
    this.maybeCompleteJoin(group);
  }

  private tick(): void {
    const now = Date.now();
    for (const group of this.groups.values()) {
      for (const member of [...group.members.values()]) {
        // Members blocked in JoinGroup or SyncGroup cannot heartbeat; the barrier timeouts cover them instead.
        if (!member.joinWaiter && !member.syncWaiter && now > member.sessionDeadline) this.removeMember(group, member, 'session timed out');
      }
      if (group.state !== 'PreparingRebalance') continue;
      if (now >= group.rebalanceDeadline) {
        for (const member of [...group.members.values()]) {
          if (!member.joinWaiter) this.removeMember(group, member, 'did not rejoin within the rebalance timeout', false);
        }
        if (group.state === 'PreparingRebalance') this.completeJoin(group);
      } else {
        this.maybeCompleteJoin(group);
      }
    }
  }
}
