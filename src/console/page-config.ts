/** The settings the /console page hands the app (a JSON block in the page), shared by the server and the browser code. */
export interface ConsolePageConfig {
  /** Path of the GraphQL endpoint (HTTP and graphql-ws). */
  graphqlPath: string;
  /**
   * pipegraph's enricher as this server's ENRICHER_* settings name it: its consumer group is visible through the API,
   * but not the topics it writes, so the lineage graph learns them from here. The graph draws it while the group exists
   * (in this process or run apart with `npm run enricher`).
   */
  enricher?: { groupId: string; sourceTopic: string; targetTopic: string; dlqTopic: string };
}
