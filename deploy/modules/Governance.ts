import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { governorSettings, timelockConfig, timelockMinDelay, votesSettings } from "../governance.ts";
import PersonhoodModule from "./Personhood.ts";
import TaskEconomyModule from "./TaskEconomy.ts";

/**
 * Governance: the reputation vote ledger, the governor, the agent timelock and the personhood
 * registry, wired to the task economy. Every contract is owned by the deployer until the
 * Handover module gives all of them to the timelock (the timelock owns itself from birth).
 *
 * Parameters: `agents`, the AI agents registered in the timelock at birth (later only governance
 * adds agents); `registrar`, a first personhood registrar (later only governance appoints them).
 */
export default buildModule("Governance", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const agents = m.getParameter<string[]>("agents", []);
  const registrar = m.getParameter("registrar", deployer);

  const { karma, vault, escrow, jury } = m.useModule(TaskEconomyModule);
  const { poseidon, verifier, personhood } = m.useModule(PersonhoodModule);

  const votesConfig = votesSettings();
  const votes = m.contract("ReputationVotes", [
    deployer,
    guardian,
    karma,
    votesConfig.maxDepth,
    votesConfig.maxDelegationDuration,
  ]);
  const governor = m.contract("ReputationGovernor", [deployer, guardian, votes, karma, personhood, governorSettings()]);
  const config = timelockConfig();
  // The timelock gets no vote ledger: syncing a vetoed agent's lowered karma inside the veto
  // would push a veto past its gas budget (ReputationVotes.sync walks the delegation chain), and
  // sync is permissionless, so keepers (and anyone voting against the agent) do it afterwards.
  const timelock = m.contract("AgentTimelock", [
    guardian,
    karma,
    personhood,
    "0x0000000000000000000000000000000000000000",
    governor,
    config,
    timelockMinDelay(),
    agents,
  ]);

  m.call(governor, "setTimelock", [timelock]);
  m.call(karma, "setUpdater", [governor, true], { id: "KarmaUpdater_Governor" });
  m.call(karma, "setUpdater", [timelock, true], { id: "KarmaUpdater_Timelock" });
  m.call(personhood, "setRegistrar", [registrar, true], { id: "Registrar_First" });

  return { karma, vault, escrow, jury, poseidon, verifier, personhood, votes, governor, timelock };
});
