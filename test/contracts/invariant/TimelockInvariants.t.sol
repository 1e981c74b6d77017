// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {AgentTimelock} from "../../../contracts/governance/AgentTimelock.sol";
import {IAgentTimelock} from "../../../contracts/interfaces/IAgentTimelock.sol";
import {IReputationVotes} from "../../../contracts/interfaces/IReputationVotes.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {MockPersonhood} from "../mocks/MockPersonhood.sol";
import {TimelockTarget} from "../unit/AgentTimelock.t.sol";
import {TimelockHandler} from "./TimelockHandler.sol";

/// @notice Invariants of the agent timelock under random sequences of submissions, proposals,
/// vetoes (fresh, replayed and per-person nullifiers), cancellations, time jumps and executions
/// at random moments (see TimelockHandler). Short durations so that a run of 40 steps sees
/// requests through every state: delay 2 days, grace 3 days, epoch 3 days, threshold 2.
/// Run alone, name the handler too (`hardhat test solidity <this file> TimelockHandler.sol`):
/// otherwise its artifact is not built and the fuzzer cannot identify it as a target.
contract TimelockInvariants is Test {
    uint16 internal constant THRESHOLD = 2;
    uint16 internal constant VETOES_PER_EPOCH = 3;

    KarmaRegistry internal karma;
    MockPersonhood internal personhood;
    TimelockTarget internal target;
    AgentTimelock internal timelock;
    TimelockHandler internal handler;
    address internal governor = makeAddr("inv.governor");

    function setUp() public {
        vm.warp(1_700_000_000);
        karma = new KarmaRegistry(address(this), address(0));
        personhood = new MockPersonhood();
        target = new TimelockTarget();
        IAgentTimelock.Config memory c = IAgentTimelock.Config({
            delay: 2 days,
            gracePeriod: 3 days,
            vetoExtension: 12 hours,
            maxVetoExtension: 1 days,
            epochLength: 3 days,
            allowancePerEpoch: 100,
            costPerAction: 10,
            vetoThreshold: THRESHOLD,
            vetoesPerEpoch: VETOES_PER_EPOCH,
            vetoBudgetSlashBps: 5000,
            vetoKarmaWeight: 1e18
        });
        timelock = new AgentTimelock(
            address(0),
            karma,
            personhood,
            IReputationVotes(address(0)),
            governor,
            c,
            1 days,
            new address[](0)
        );
        karma.setUpdater(address(timelock), true);
        handler = new TimelockHandler(timelock, personhood, target, governor);
        address[] memory agents = handler.agents();
        for (uint256 i; i < agents.length; ++i) {
            vm.prank(address(timelock));
            timelock.registerAgent(agents[i]);
        }

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = TimelockHandler.submit.selector;
        selectors[1] = TimelockHandler.submit.selector; // twice: requests feed everything else
        selectors[2] = TimelockHandler.queueProposal.selector;
        selectors[3] = TimelockHandler.veto.selector;
        selectors[4] = TimelockHandler.veto.selector;
        selectors[5] = TimelockHandler.execute.selector;
        selectors[6] = TimelockHandler.execute.selector;
        selectors[7] = TimelockHandler.cancel.selector;
        selectors[8] = TimelockHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice A batch runs only within [eta, eta + grace], never after a veto or a cancellation,
    /// and never with actions other than those queued.
    function invariant_nothingRunsOutsideItsWindowOrAfterAVeto() public view {
        assertEq(handler.earlyExecutions(), 0, "ran before its eta");
        assertEq(handler.lateExecutions(), 0, "ran after its grace period");
        assertEq(handler.deadExecutions(), 0, "ran after a veto or cancellation");
        assertEq(handler.wrongActionsAccepted(), 0, "ran other actions");
    }

    /// @notice Executed requests ran exactly once, every action of them; no other batch ran at all
    /// (vetoed, cancelled, expired and waiting requests included).
    function invariant_executedRanExactlyOnceAndNothingElseRan() public view {
        uint256 n = timelock.requestCount();
        uint256 totalHits;
        for (uint256 id = 1; id <= n; ++id) {
            bool executed = timelock.requestState(id) == IAgentTimelock.RequestState.Executed;
            assertEq(handler.executions(id), executed ? 1 : 0, "executions");
            uint256[] memory keys = handler.keysOf(id);
            for (uint256 i; i < keys.length; ++i) {
                assertEq(target.hits(keys[i]), executed ? 1 : 0, "action runs");
            }
            if (executed) totalHits += keys.length;
        }
        assertEq(target.calls(), totalHits, "no stray calls");
    }

    /// @notice A nullifier is accepted at most once, and the timelock remembers every one; a
    /// human vetoes at most `vetoesPerEpoch` requests of an epoch; vetoes land only before the eta.
    function invariant_nullifiersAcceptedOnce() public view {
        assertEq(handler.replaysAccepted(), 0, "replayed nullifier accepted");
        uint256[] memory used = handler.acceptedNullifiers();
        for (uint256 i; i < used.length; ++i) {
            assertEq(handler.timesAccepted(used[i]), 1, "accepted twice");
            assertTrue(timelock.nullifierUsed(used[i]), "forgotten nullifier");
        }
        assertLe(handler.maxHumanVetoesInAnEpoch(), VETOES_PER_EPOCH, "vetoes per human per epoch");
        assertEq(handler.vetoesAfterEta(), 0, "veto after the eta");
    }

    /// @notice Each request's veto count is the vetoes accepted for it; it is Vetoed exactly when
    /// the count reached the threshold; its eta stays within [queuedAt + delay, + max extension].
    function invariant_vetoCountsAndEtas() public view {
        uint256 n = timelock.requestCount();
        IAgentTimelock.Config memory c = timelock.config();
        for (uint256 id = 1; id <= n; ++id) {
            IAgentTimelock.RequestView memory r = timelock.request(id);
            assertEq(r.vetoCount, handler.acceptedVetoes(id), "veto count");
            assertEq(r.state == IAgentTimelock.RequestState.Vetoed, r.vetoCount >= THRESHOLD, "vetoed iff threshold");
            assertGe(r.eta, uint256(r.queuedAt) + c.delay, "eta before the delay");
            assertLe(r.eta, uint256(r.queuedAt) + c.delay + c.maxVetoExtension, "eta past the cap");
            assertLt(r.vetoSlot, VETOES_PER_EPOCH, "slot");
        }
    }

    /// @notice No agent spends more than its allowance in an epoch: what submissions charged this
    /// epoch plus what is left never exceeds the allowance (slashes only lower what is left).
    function invariant_budgetsNeverOverspent() public view {
        address[] memory agents = handler.agents();
        uint256 epoch = timelock.currentEpoch();
        uint256 allowance = timelock.config().allowancePerEpoch;
        for (uint256 i; i < agents.length; ++i) {
            uint256 charged = handler.charged(agents[i], epoch);
            assertLe(charged, allowance, "charged above allowance");
            assertLe(charged + timelock.budgetOf(agents[i]), allowance, "budget above allowance");
        }
    }

    /// @notice Deterministic rounds of handler calls reach every outcome the invariants are about
    /// (a random run of 40 steps may not; this shows the handler's guards let each one happen).
    function test_handlerReachesEveryOutcome() public {
        uint256 x = 0x7153;
        for (uint256 round; round < 10; ++round) {
            x = uint256(keccak256(abi.encode(x, round)));
            for (uint256 k; k < 3; ++k) handler.submit(x >> k, x >> (8 + k));
            handler.queueProposal(x >> 3);
            for (uint256 k; k < 4; ++k) handler.veto(x >> (16 + k), k, x >> (24 + k));
            handler.cancel(x >> 30);
            handler.warp(x >> 40);
            for (uint256 k; k < 4; ++k) handler.execute(x >> (50 + k), k == 3);
        }
        bytes32[8] memory steps = [
            bytes32("submit"),
            "queueProposal",
            "veto",
            "vetoHuman",
            "execute",
            "cancel",
            "warp",
            "submit"
        ];
        for (uint256 i; i < steps.length; ++i) {
            assertGt(handler.ok(steps[i]), 0, string(abi.encodePacked("never reached: ", steps[i])));
        }
        assertGt(handler.failed("vetoReplay"), 0, "replays tried");
        assertGt(handler.failed("executeTampered"), 0, "tampered executions tried");
        assertGt(handler.failed("submit"), 0, "a budget ran out");
        uint256 n = timelock.requestCount();
        bool sawVetoed;
        bool sawExpired;
        for (uint256 id = 1; id <= n; ++id) {
            IAgentTimelock.RequestState s = timelock.requestState(id);
            if (s == IAgentTimelock.RequestState.Vetoed) sawVetoed = true;
            if (s == IAgentTimelock.RequestState.Expired) sawExpired = true;
        }
        assertTrue(sawVetoed, "a request was vetoed");
        assertTrue(sawExpired, "a request expired");
        invariant_nothingRunsOutsideItsWindowOrAfterAVeto();
        invariant_executedRanExactlyOnceAndNothingElseRan();
        invariant_nullifiersAcceptedOnce();
        invariant_vetoCountsAndEtas();
        invariant_budgetsNeverOverspent();
    }
}
