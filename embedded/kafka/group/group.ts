/** Group states as Kafka names them (DescribeGroups returns these strings). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export interface Member {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: Array<{ name: string; metadata: Buffer }>;
  assignment: Buffer;
  /** Set while the member waits in JoinGroup for the rebalance barrier. */
  joinWaiter: ((result: JoinResult) => void) | null;
  /** Set while the member waits in SyncGroup for the leader's assignment. */
  syncWaiter: ((result: SyncResult) => void) | null;
  /** Session expiry (ms since epoch), pushed forward by every heartbeat, commit, join and sync. */
  sessionDeadline: number;
}

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** While PreparingRebalance: when members that have not rejoined are dropped. */
  rebalanceDeadline = 0;
  /** While PreparingRebalance from Empty: the join barrier does not close before this (initial rebalance delay). */
  joinNotBefore = 0;

  constructor(readonly groupId: string) {}

  /** Metadata each member sent for `protocol`. */
  metadataFor(member: Member, protocol: string): Buffer {
    return member.protocols.find((candidate) => candidate.name === protocol)?.metadata ?? Buffer.alloc(0);
  }

  /** A protocol every member supports, in the order the leader (or first member) prefers. */
  chooseProtocol(): string | null {
    const members = [...this.members.values()];
    const first = (this.leaderId && this.members.get(this.leaderId)) || members[0];
    if (!first) return null;
    for (const { name } of first.protocols) {
      if (members.every((member) => member.protocols.some((candidate) => candidate.name === name))) return name;
    }
    return null;
  }
}
