# The launches' change history (`launches::history`): one item per change a sync saw.
# The key schema is a contract with the Rust code (launches::store::dynamo, HISTORY_*):
#   table key  launch_id (S) + seq (N)    seq counts a launch's entries from 1
#   GSI        "year-observed-index": observed_year (N) + observed_at (S), projection ALL
# The name must be the launches table's plus "-history": the code derives it so.
resource "aws_dynamodb_table" "this" {
  name                        = "${var.launches_table_name}-history"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "launch_id"
  range_key                   = "seq"
  deletion_protection_enabled = var.deletion_protection_enabled

  attribute {
    name = "launch_id"
    type = "S"
  }

  attribute {
    name = "seq"
    type = "N"
  }

  attribute {
    name = "observed_year"
    type = "N"
  }

  attribute {
    name = "observed_at"
    type = "S"
  }

  global_secondary_index {
    name            = "year-observed-index"
    hash_key        = "observed_year"
    range_key       = "observed_at"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Name = "${var.launches_table_name}-history" })
}

locals {
  # A role ARN ends with its name (after any path).
  writer_role_name = element(split("/", var.writer_role_arn), length(split("/", var.writer_role_arn)) - 1)
  reader_role_name = element(split("/", var.reader_role_arn), length(split("/", var.reader_role_arn)) - 1)
}

# The extractor only adds (or, on a retried run, rewrites) entries: BatchWriteItem. History is
# append-only: no delete, no update, no read. The role already holds the key (modules/extractor).
data "aws_iam_policy_document" "writer" {
  statement {
    sid       = "WriteHistory"
    actions   = ["dynamodb:BatchWriteItem"]
    resources = [aws_dynamodb_table.this.arn]
  }
}

resource "aws_iam_role_policy" "writer" {
  name   = "write-launch-history"
  role   = local.writer_role_name
  policy = data.aws_iam_policy_document.writer.json
}

# The dashboard reads one launch's entries (Query on the key) and a time range of all entries
# (Query on the index). No Scan, no writes. The role already holds the key
# (modules/dashboard-service).
data "aws_iam_policy_document" "reader" {
  statement {
    sid       = "ReadHistory"
    actions   = ["dynamodb:Query"]
    resources = [aws_dynamodb_table.this.arn, "${aws_dynamodb_table.this.arn}/index/*"]
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "read-launch-history"
  role   = local.reader_role_name
  policy = data.aws_iam_policy_document.reader.json
}
