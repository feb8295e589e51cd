/** The settings the /console page hands the app (a JSON block in the page), shared by the server and the browser code. */
export interface ConsolePageConfig {
  /** Path of the GraphQL endpoint (HTTP and graphql-ws). */
  graphqlPath: string;
  /**
   * pipegraph's own enricher: its consumer group is visible through the API, but not the topics it writes, so the
   * lineage graph learns them from here. Absent when the enricher is off.
   */
  enricher?: { groupId: string; sourceTopic: string; targetTopic: string; dlqTopic: string };
}
