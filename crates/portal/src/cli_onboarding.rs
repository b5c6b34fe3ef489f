//! The onboarding commands of the `dealer-portal` binary, for an operator's scripts:
//! `dealership create|change|close|reopen|list|import`, `invite-office-manager` and
//! `create-staff-user`. They run the same rules as the provider admin's screens
//! ([`dealer_portal::onboarding`]), write the same audit rows (with no actor: the command
//! line), and queue the same mail: an invited person's code goes out by the running
//! portal's mail sender and is never printed. `--if-missing` makes a command succeed
//! without changing anything when what it would create exists.

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use dealer_api::ImportOutcome;
use dealer_core::access::AccessRole;
use dealer_core::forms::{DealershipInput, InvitationInput};
use dealer_core::ids::Pdn;
use dealer_portal::HelpDesk;
use dealer_portal::config::{DatabaseConfig, HelpDeskConfig};
use dealer_portal::csv_upload;
use dealer_portal::error::ApiError;
use dealer_portal::onboarding::{self, Actor, Invited};
use dealer_portal::store::Store;

use crate::print_out;

#[derive(Debug, Subcommand)]
pub enum DealershipCommand {
    /// Bring a dealership on.
    Create(DealershipArgs),
    /// Change a dealership's name, address or phone.
    Change(DealershipArgs),
    /// Close a dealership: its people cannot sign in; its history stays.
    Close(PdnArgs),
    /// Reopen a closed dealership.
    Reopen(PdnArgs),
    /// List dealerships (tab-separated: PDN, name, office managers, people, open/closed).
    List(ListArgs),
    /// Bring many dealerships on from a CSV file, each with its office manager, who is
    /// invited by mail. Columns: pdn, name, address, phone, manager_first_name,
    /// manager_last_name, manager_email, manager_user_id (address and phone may be left
    /// out). Every row is reported; importing the file again creates nothing twice.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(flatten)]
    help_desk: HelpDeskConfig,
    /// The CSV file (UTF-8, header row first); `-` reads standard input.
    file: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct DealershipArgs {
    #[command(flatten)]
    database: DatabaseConfig,
    #[arg(long)]
    pdn: String,
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    phone: String,
    /// With `create`: succeed without changing anything when the PDN exists.
    #[arg(long = "if-missing")]
    if_missing: bool,
}

#[derive(Debug, Args)]
pub struct PdnArgs {
    #[command(flatten)]
    database: DatabaseConfig,
    #[arg(long)]
    pdn: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    database: DatabaseConfig,
    /// Only dealerships whose PDN or name contains this.
    #[arg(long)]
    search: Option<String>,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    #[arg(long = "user-id")]
    user_id: String,
    #[arg(long = "first-name")]
    first_name: String,
    #[arg(long = "last-name")]
    last_name: String,
    #[arg(long)]
    email: String,
    /// Succeed without changing anything when this user ID exists with this role.
    #[arg(long = "if-missing")]
    if_missing: bool,
}

#[derive(Debug, Args)]
pub struct InviteOfficeManager {
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(flatten)]
    help_desk: HelpDeskConfig,
    /// The dealership the person manages.
    #[arg(long)]
    pdn: String,
    #[command(flatten)]
    person: PersonArgs,
}

#[derive(Debug, Args)]
pub struct InviteStaff {
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(flatten)]
    help_desk: HelpDeskConfig,
    /// provider_admin, reviewer or help_desk.
    #[arg(long)]
    role: AccessRole,
    #[command(flatten)]
    person: PersonArgs,
}

async fn open(database: &DatabaseConfig) -> anyhow::Result<Store> {
    Store::connect(database.url.expose())
        .await
        .context("opening the database")
}

/// The portal's refusal as the operator reads it: the message, and each field's problem.
fn refused(err: ApiError) -> anyhow::Error {
    match err {
        ApiError::InvalidForm(form) => anyhow::anyhow!("{form}"),
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn dealership(command: DealershipCommand) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    match command {
        DealershipCommand::Create(args) | DealershipCommand::Change(args)
            if args.pdn.trim().is_empty() =>
        {
            bail!("--pdn is required")
        }
        DealershipCommand::Create(args) => {
            let store = open(&args.database).await?;
            let dealership = input(&args)
                .validate()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if args.if_missing
                && let Some(found) = store.dealer(&dealership.pdn).await?
            {
                print_out(&format!(
                    "PDN {} exists ({}); nothing changed.",
                    found.pdn, found.name
                ));
                return Ok(());
            }
            onboarding::create_dealership(&store, &dealership, &Actor::default(), now)
                .await
                .map_err(refused)?;
            print_out(&format!(
                "Created {} (PDN {}). Invite its office manager with invite-office-manager.",
                dealership.name, dealership.pdn
            ));
        }
        DealershipCommand::Change(args) => {
            let store = open(&args.database).await?;
            let dealership = input(&args)
                .validate()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            onboarding::change_dealership(&store, &dealership, &Actor::default(), now)
                .await
                .map_err(refused)?;
            print_out(&format!("Changed PDN {}.", dealership.pdn));
        }
        DealershipCommand::Close(args) | DealershipCommand::Reopen(args)
            if Pdn::parse(&args.pdn).is_err() =>
        {
            bail!("{:?} is not a PDN (five digits)", args.pdn)
        }
        DealershipCommand::Close(args) => set_open(&args, false, now).await?,
        DealershipCommand::Reopen(args) => set_open(&args, true, now).await?,
        DealershipCommand::Import(args) => import(&args, now).await?,
        DealershipCommand::List(args) => {
            let store = open(&args.database).await?;
            let (items, _) = store
                .dealer_summaries(args.search.as_deref(), i64::MAX, 0)
                .await?;
            for d in items {
                print_out(&format!(
                    "{}\t{}\t{}\t{}\t{}",
                    d.dealer.pdn,
                    d.dealer.name,
                    d.office_managers,
                    d.users,
                    if d.dealer.active { "open" } else { "closed" }
                ));
            }
        }
    }
    Ok(())
}

/// `dealership import`: the same import as the provider admin's screen, reported a row a
/// line (row number as a spreadsheet shows it, PDN, manager, what happened); fails when any
/// row did, after reporting every row.
async fn import(args: &ImportArgs, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
    let bytes = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?
    };
    let upload = csv_upload::parse(&bytes, &onboarding::IMPORT_COLUMNS, &["address", "phone"])
        .map_err(refused)?;
    let store = open(&args.database).await?;
    let report = onboarding::import_dealerships(
        &store,
        &HelpDesk::from_config(&args.help_desk),
        upload,
        &Actor::default(),
        now,
    )
    .await
    .map_err(refused)?;
    for row in &report.rows {
        let what = match row.outcome {
            ImportOutcome::Created if row.dealership_created => "created, manager invited",
            ImportOutcome::Created => "manager invited",
            ImportOutcome::Duplicate => "there already, nothing changed",
            ImportOutcome::Error => "not imported",
        };
        let problems: Vec<String> = row
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        print_out(&format!(
            "row {}\t{}\t{}\t{what}{}{}",
            row.row + 1,
            row.pdn.as_deref().unwrap_or("-"),
            row.user_id.as_deref().unwrap_or("-"),
            if problems.is_empty() { "" } else { ": " },
            problems.join("; ")
        ));
    }
    print_out(&format!(
        "{} created, {} there already, {} not imported.",
        report.created, report.duplicates, report.errors
    ));
    if report.errors > 0 {
        bail!(
            "{} of {} rows were not imported; correct them and import the file again \
             (the rows that went in are not made twice)",
            report.errors,
            report.rows.len()
        );
    }
    Ok(())
}

fn input(args: &DealershipArgs) -> DealershipInput {
    DealershipInput {
        pdn: args.pdn.clone(),
        name: args.name.clone(),
        address: args.address.clone(),
        phone: args.phone.clone(),
    }
}

async fn set_open(
    args: &PdnArgs,
    open_it: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let store = open(&args.database).await?;
    let pdn = Pdn::parse(&args.pdn).map_err(|e| anyhow::anyhow!("{e}"))?;
    let dealer = onboarding::set_dealership_open(&store, &pdn, open_it, &Actor::default(), now)
        .await
        .map_err(refused)?;
    print_out(&format!(
        "{} (PDN {}) is {}.",
        dealer.name,
        dealer.pdn,
        if dealer.active { "open" } else { "closed" }
    ));
    Ok(())
}

pub async fn invite_office_manager(args: InviteOfficeManager) -> anyhow::Result<()> {
    let pdn = Pdn::parse(&args.pdn).map_err(|e| anyhow::anyhow!("--pdn: {e}"))?;
    invite(
        &args.database,
        &args.help_desk,
        &args.person,
        AccessRole::OfficeManager,
        Some(&pdn),
    )
    .await
}

pub async fn invite_staff(args: InviteStaff) -> anyhow::Result<()> {
    if args.role.belongs_to_dealership() {
        bail!(
            "create-staff-user makes the provider's own accounts (provider_admin, reviewer or help_desk); \
             an office manager is invited with invite-office-manager, and staff are requested by their office manager"
        );
    }
    invite(
        &args.database,
        &args.help_desk,
        &args.person,
        args.role,
        None,
    )
    .await
}

async fn invite(
    database: &DatabaseConfig,
    help_desk: &HelpDeskConfig,
    person: &PersonArgs,
    role: AccessRole,
    pdn: Option<&Pdn>,
) -> anyhow::Result<()> {
    let invitation = InvitationInput {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        email: person.email.clone(),
        user_id: person.user_id.clone(),
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = open(database).await?;
    if person.if_missing
        && let Some(found) = store.user_by_id(&invitation.user_id).await?
    {
        if found.role == role && found.pdn.as_ref() == pdn {
            print_out(&format!(
                "{} exists as {}; nothing changed.",
                found.user_id,
                onboarding::role_words(role)
            ));
            return Ok(());
        }
        bail!(
            "the user ID {} exists with another role or dealership; choose another",
            found.user_id
        );
    }
    let invited: Invited = onboarding::invite(
        &store,
        &HelpDesk::from_config(help_desk),
        &invitation,
        role,
        pdn,
        &Actor::default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(refused)?;
    print_out(&format!(
        "Invited {} as {}. The enrollment code goes to {} (the portal's mail sender delivers it; \
         it works until {}). It is not shown here.",
        invited.user_id,
        onboarding::role_words(role),
        invited.email,
        invited.expires_at.format("%Y-%m-%d %H:%M UTC"),
    ));
    Ok(())
}
