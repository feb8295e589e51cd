export { createAuditService, type AuditEntry, type AuditPage, type AuditService, type AuditServiceOptions } from './audit-service';
