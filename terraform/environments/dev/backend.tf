# State lives in S3 with DynamoDB locking (docs/deployment.md creates the bucket and the lock table
# once per account). Bucket names are global: to use another bucket, keep this file and run
#   terraform init -backend-config="bucket=<your-state-bucket>" -backend-config="region=<region>"
terraform {
  backend "s3" {
    bucket         = "spacex-launches-terraform-state-dev"
    key            = "spacex-launches/dev/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "spacex-launches-terraform-locks"
    encrypt        = true
  }
}
