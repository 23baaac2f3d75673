
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "activities": {
                  Row: {
                    "actor_id": string | null,"assignee_id": string | null,"body": string | null,"company_id": string | null,"completed_at": string | null,"customer_id": string | null,"deal_id": string | null,"due_at": string | null,"id": number,"kind": Database["public"]['Enums']["activity_kind"],"occurred_at": string,"payload": NonNullable<Json>,"updated_at": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"assignee_id"?: string | null,"body"?: string | null,"company_id"?: string | null,"completed_at"?: string | null,"customer_id"?: string | null,"deal_id"?: string | null,"due_at"?: string | null,"id": number,"kind": Database["public"]['Enums']["activity_kind"],"occurred_at"?: string,"payload"?: NonNullable<Json>,"updated_at"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"assignee_id"?: string | null,"body"?: string | null,"company_id"?: string | null,"completed_at"?: string | null,"customer_id"?: string | null,"deal_id"?: string | null,"due_at"?: string | null,"id"?: number,"kind"?: Database["public"]['Enums']["activity_kind"],"occurred_at"?: string,"payload"?: NonNullable<Json>,"updated_at"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "activities_company_fkey"
      columns: ["workspace_id","company_id"]
isOneToOne: false
      referencedRelation: "companies"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "activities_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "activities_deal_id_fkey"
      columns: ["deal_id"]
isOneToOne: false
      referencedRelation: "deals"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "activities_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"companies": {
                  Row: {
                    "city": string | null,"country": string | null,"created_at": string,"created_by": string | null,"deleted_at": string | null,"domain": string | null,"employees": number | null,"id": string,"industry": string | null,"merged_into": string | null,"name": string,"notes": string | null,"phone": string | null,"tags": (string)[],"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "city"?: string | null,"country"?: string | null,"created_at"?: string,"created_by"?: string | null,"deleted_at"?: string | null,"domain"?: string | null,"employees"?: number | null,"id"?: string,"industry"?: string | null,"merged_into"?: string | null,"name": string,"notes"?: string | null,"phone"?: string | null,"tags"?: (string)[],"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "city"?: string | null,"country"?: string | null,"created_at"?: string,"created_by"?: string | null,"deleted_at"?: string | null,"domain"?: string | null,"employees"?: number | null,"id"?: string,"industry"?: string | null,"merged_into"?: string | null,"name"?: string,"notes"?: string | null,"phone"?: string | null,"tags"?: (string)[],"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "companies_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "companies_workspace_id_merged_into_fkey"
      columns: ["workspace_id","merged_into"]
isOneToOne: false
      referencedRelation: "companies"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"customers": {
                  Row: {
                    "company_id": string | null,"created_at": string,"created_by": string | null,"deleted_at": string | null,"email": string | null,"id": string,"merged_into": string | null,"name": string,"notes": string | null,"phone": string | null,"status": string,"tags": (string)[],"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "company_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"deleted_at"?: string | null,"email"?: string | null,"id"?: string,"merged_into"?: string | null,"name": string,"notes"?: string | null,"phone"?: string | null,"status"?: string,"tags"?: (string)[],"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "company_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"deleted_at"?: string | null,"email"?: string | null,"id"?: string,"merged_into"?: string | null,"name"?: string,"notes"?: string | null,"phone"?: string | null,"status"?: string,"tags"?: (string)[],"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "customers_company_fkey"
      columns: ["workspace_id","company_id"]
isOneToOne: false
      referencedRelation: "companies"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "customers_merged_into_fkey"
      columns: ["workspace_id","merged_into"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "customers_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"deal_contacts": {
                  Row: {
                    "created_at": string,"created_by": string | null,"customer_id": string,"deal_id": string,"role": Database["public"]['Enums']["deal_contact_role"],"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"customer_id": string,"deal_id": string,"role"?: Database["public"]['Enums']["deal_contact_role"],"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"customer_id"?: string,"deal_id"?: string,"role"?: Database["public"]['Enums']["deal_contact_role"],"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "deal_contacts_workspace_id_customer_id_fkey"
      columns: ["workspace_id","customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "deal_contacts_workspace_id_deal_id_fkey"
      columns: ["workspace_id","deal_id"]
isOneToOne: false
      referencedRelation: "deals"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"deal_stage_history": {
                  Row: {
                    "changed_at": string,"changed_by": string | null,"deal_id": string,"from_stage_id": string | null,"id": number,"to_stage_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "changed_at"?: string,"changed_by"?: string | null,"deal_id": string,"from_stage_id"?: string | null,"id"?: never,"to_stage_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "changed_at"?: string,"changed_by"?: string | null,"deal_id"?: string,"from_stage_id"?: string | null,"id"?: never,"to_stage_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "deal_stage_history_deal_id_fkey"
      columns: ["deal_id"]
isOneToOne: false
      referencedRelation: "deals"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deal_stage_history_from_stage_id_fkey"
      columns: ["from_stage_id"]
isOneToOne: false
      referencedRelation: "pipeline_stages"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deal_stage_history_to_stage_id_fkey"
      columns: ["to_stage_id"]
isOneToOne: false
      referencedRelation: "pipeline_stages"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deal_stage_history_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"deals": {
                  Row: {
                    "amount": number,"assignee_id": string | null,"closed_at": string | null,"company_id": string | null,"created_at": string,"created_by": string | null,"currency": string,"customer_id": string | null,"deleted_at": string | null,"expected_close_date": string | null,"id": string,"pipeline_id": string,"position": string,"stage_id": string,"title": string,"updated_at": string,"version": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount"?: number,"assignee_id"?: string | null,"closed_at"?: string | null,"company_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency": string,"customer_id"?: string | null,"deleted_at"?: string | null,"expected_close_date"?: string | null,"id"?: string,"pipeline_id": string,"position": string,"stage_id": string,"title": string,"updated_at"?: string,"version"?: number,"workspace_id": string
                  }
                  Update: {
                    "amount"?: number,"assignee_id"?: string | null,"closed_at"?: string | null,"company_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"customer_id"?: string | null,"deleted_at"?: string | null,"expected_close_date"?: string | null,"id"?: string,"pipeline_id"?: string,"position"?: string,"stage_id"?: string,"title"?: string,"updated_at"?: string,"version"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "deals_company_fkey"
      columns: ["workspace_id","company_id"]
isOneToOne: false
      referencedRelation: "companies"
      referencedColumns: ["workspace_id","id"]
    },{
      foreignKeyName: "deals_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deals_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deals_workspace_id_pipeline_id_stage_id_fkey"
      columns: ["workspace_id","pipeline_id","stage_id"]
isOneToOne: false
      referencedRelation: "pipeline_stages"
      referencedColumns: ["workspace_id","pipeline_id","id"]
    }
                  ]
                },"pipeline_stages": {
                  Row: {
                    "created_at": string,"id": string,"kind": Database["public"]['Enums']["stage_kind"],"name": string,"pipeline_id": string,"position": string,"probability": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["stage_kind"],"name": string,"pipeline_id": string,"position": string,"probability"?: number,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["stage_kind"],"name"?: string,"pipeline_id"?: string,"position"?: string,"probability"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "pipeline_stages_workspace_id_pipeline_id_fkey"
      columns: ["workspace_id","pipeline_id"]
isOneToOne: false
      referencedRelation: "pipelines"
      referencedColumns: ["workspace_id","id"]
    }
                  ]
                },"pipelines": {
                  Row: {
                    "created_at": string,"id": string,"name": string,"position": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"name": string,"position"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"name"?: string,"position"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "pipelines_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_invitations": {
                  Row: {
                    "accepted_at": string | null,"accepted_by": string | null,"created_at": string,"email": string,"expires_at": string,"id": string,"invited_by": string | null,"revoked_at": string | null,"role": Database["public"]['Enums']["workspace_role"],"token_hash": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "accepted_at"?: string | null,"accepted_by"?: string | null,"created_at"?: string,"email": string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"revoked_at"?: string | null,"role": Database["public"]['Enums']["workspace_role"],"token_hash": string,"workspace_id": string
                  }
                  Update: {
                    "accepted_at"?: string | null,"accepted_by"?: string | null,"created_at"?: string,"email"?: string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"revoked_at"?: string | null,"role"?: Database["public"]['Enums']["workspace_role"],"token_hash"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_invitations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_members": {
                  Row: {
                    "joined_at": string,"role": Database["public"]['Enums']["workspace_role"],"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "joined_at"?: string,"role": Database["public"]['Enums']["workspace_role"],"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "joined_at"?: string,"role"?: Database["public"]['Enums']["workspace_role"],"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspaces": {
                  Row: {
                    "created_at": string,"created_by": string | null,"default_currency": string,"id": string,"name": string,"personal": boolean
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"default_currency"?: string,"id"?: string,"name": string,"personal"?: boolean
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"default_currency"?: string,"id"?: string,"name"?: string,"personal"?: boolean
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "accept_invitation":
{ Args: { "p_token": string }; Returns: Json
                           },
"create_company":
{ Args: { "p_company": Json,"p_idempotency_key"?: string,"p_request_hash"?: string,"p_workspace_id": string }; Returns: Json
                           },
"create_customer":
{ Args: { "p_customer": Json,"p_idempotency_key"?: string,"p_request_hash"?: string,"p_workspace_id": string }; Returns: Json
                           },
"create_invitation":
{ Args: { "p_email": string,"p_role": Database["public"]['Enums']["workspace_role"],"p_workspace_id": string }; Returns: Json
                           },
"create_pipeline":
{ Args: { "p_name": string,"p_workspace_id": string }; Returns: Json
                           },
"create_stage":
{ Args: { "p_after_id"?: string,"p_kind"?: Database["public"]['Enums']["stage_kind"],"p_name": string,"p_pipeline_id": string,"p_probability"?: number }; Returns: Json
                           },
"create_workspace":
{ Args: { "p_name": string }; Returns: Json
                           },
"delete_pipeline":
{ Args: { "p_move_to"?: string,"p_pipeline_id": string }; Returns: undefined
                           },
"delete_stage":
{ Args: { "p_move_to"?: string,"p_stage_id": string }; Returns: undefined
                           },
"list_activities":
{ Args: { "p_actor_id"?: string,"p_before_id"?: number,"p_company_id"?: string,"p_customer_id"?: string,"p_deal_id"?: string,"p_from"?: string,"p_kinds"?: (Database["public"]['Enums']["activity_kind"])[],"p_limit"?: number,"p_to"?: string,"p_workspace_id": string }; Returns: Json
                           },
"list_companies":
{ Args: { "p_after_id"?: string,"p_after_value"?: string,"p_countries"?: (string)[],"p_descending"?: boolean,"p_industries"?: (string)[],"p_limit"?: number,"p_offset"?: number,"p_search"?: string,"p_sort"?: string,"p_tag"?: string,"p_with_total"?: boolean,"p_workspace_id": string }; Returns: Json
                           },
"list_company_duplicates":
{ Args: { "p_limit"?: number,"p_offset"?: number,"p_with_total"?: boolean,"p_workspace_id": string }; Returns: Json
                           },
"list_customer_duplicates":
{ Args: { "p_limit"?: number,"p_offset"?: number,"p_with_total"?: boolean,"p_workspace_id": string }; Returns: Json
                           },
"list_customers":
{ Args: { "p_after_id"?: string,"p_after_value"?: string,"p_company_id"?: string,"p_created_from"?: string,"p_created_to"?: string,"p_descending"?: boolean,"p_limit"?: number,"p_offset"?: number,"p_search"?: string,"p_sort"?: string,"p_status"?: (string)[],"p_tag"?: string,"p_with_total"?: boolean,"p_workspace_id": string }; Returns: Json
                           },
"list_deals":
{ Args: { "p_after_id"?: string,"p_after_value"?: string,"p_amount_max"?: number,"p_amount_min"?: number,"p_assignee_id"?: string,"p_close_from"?: string,"p_close_to"?: string,"p_customer_id"?: string,"p_descending"?: boolean,"p_limit"?: number,"p_offset"?: number,"p_pipeline_id"?: string,"p_search"?: string,"p_sort"?: string,"p_stage_id"?: string,"p_status"?: Database["public"]['Enums']["stage_kind"],"p_with_total"?: boolean,"p_workspace_id": string }; Returns: Json
                           },
"list_tasks":
{ Args: { "p_after_due"?: string,"p_after_id"?: number,"p_after_undated"?: boolean,"p_assignee_id"?: string,"p_done"?: boolean,"p_due_before"?: string,"p_limit"?: number,"p_workspace_id": string }; Returns: Json
                           },
"list_workspace_members":
{ Args: { "p_workspace_id": string }; Returns: Json
                           },
"merge_companies":
{ Args: { "p_duplicate_id": string,"p_survivor_id": string }; Returns: Json
                           },
"merge_customers":
{ Args: { "p_duplicate_id": string,"p_survivor_id": string }; Returns: Json
                           },
"move_deal":
{ Args: { "p_after_id"?: string,"p_before_id"?: string,"p_deal_id": string,"p_stage_id": string,"p_version"?: number,"p_workspace_id": string }; Returns: Json
                           },
"pipeline_board":
{ Args: { "p_per_stage"?: number,"p_pipeline_id": string,"p_workspace_id": string }; Returns: Json
                           },
"pipeline_summary":
{ Args: { "p_from": string,"p_pipeline_id": string,"p_to": string,"p_workspace_id": string }; Returns: Json
                           },
"reorder_stages":
{ Args: { "p_pipeline_id": string,"p_stage_ids": (string)[] }; Returns: Json
                           },
"search_workspace":
{ Args: { "p_limit"?: number,"p_query": string,"p_workspace_id": string }; Returns: Json
                           },
"stage_deals":
{ Args: { "p_after_id"?: string,"p_after_position"?: string,"p_limit"?: number,"p_pipeline_id": string,"p_stage_id": string,"p_workspace_id": string }; Returns: Json
                           }
          }
          Enums: {
            "activity_kind": "created"|"updated"|"deleted"|"restored"|"stage_changed"|"assigned"|"note"|"call"|"meeting"|"email"|"task"|"merged","deal_contact_role": "decision_maker"|"champion"|"influencer"|"user"|"other","stage_kind": "open"|"won"|"lost","workspace_role": "viewer"|"member"|"admin"|"owner"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "activity_kind": ["created", "updated", "deleted", "restored", "stage_changed", "assigned", "note", "call", "meeting", "email", "task", "merged"],"deal_contact_role": ["decision_maker", "champion", "influencer", "user", "other"],"stage_kind": ["open", "won", "lost"],"workspace_role": ["viewer", "member", "admin", "owner"]
          }
        }
} as const
