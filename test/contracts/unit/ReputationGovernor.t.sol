// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test, Vm} from "forge-std/Test.sol";
import {console} from "forge-std/console.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {GuardedOwnable} from "../../../contracts/access/GuardedOwnable.sol";
import {ReputationGovernor} from "../../../contracts/governance/ReputationGovernor.sol";
import {IReputationVotes} from "../../../contracts/interfaces/IReputationVotes.sol";
import {IAgentTimelock} from "../../../contracts/interfaces/IAgentTimelock.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {IReputationGovernor} from "../../../contracts/interfaces/IReputationGovernor.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {MockAgentTimelock} from "../mocks/MockAgentTimelock.sol";
import {MockPersonhood} from "../mocks/MockPersonhood.sol";
import {MockReputationVotes} from "../mocks/MockReputationVotes.sol";

/// @notice The governor with its named mocks (vote ledger, personhood, timelock) and a real karma
/// registry, a delegation chain a1 -> a2 -> a3 -> a4 -> v, and a reference model of the override
/// rule: each unit of snapshot weight is counted by the lowest account on its path that voted.
abstract contract GovernorFixture is Test {
    uint256 internal constant NONE = type(uint256).max;
    uint256 internal constant WAD = 1e18;
    string internal constant DESC = "Raise the quorum to 50%";

    ReputationGovernor internal governor;
    MockReputationVotes internal votes;
    MockPersonhood internal personhood;
    MockAgentTimelock internal timelock;
    KarmaRegistry internal karma;

    address internal owner = makeAddr("owner");
    address internal guardian = makeAddr("guardian");
    address internal proposer = makeAddr("proposer");
    address internal whale = makeAddr("whale");
    address internal stranger = makeAddr("stranger");
    address internal relayer = makeAddr("relayer");
    address internal a1 = makeAddr("a1");
    address internal a2 = makeAddr("a2");
    address internal a3 = makeAddr("a3");
    address internal a4 = makeAddr("a4");
    address internal v = makeAddr("v");

    function setUp() public virtual {
        vm.warp(1_000_000);
        votes = new MockReputationVotes();
        personhood = new MockPersonhood();
        timelock = new MockAgentTimelock();
        karma = new KarmaRegistry(owner, guardian);
        governor = new ReputationGovernor(
            owner,
            guardian,
            IReputationVotes(address(votes)),
            karma,
            personhood,
            _defaults()
        );
        timelock.setGovernor(address(governor));
        vm.startPrank(owner);
        governor.setTimelock(IAgentTimelock(address(timelock)));
        karma.setUpdater(address(governor), true);
        vm.stopPrank();

        votes.setOwnWeight(proposer, 1e18);
        votes.setOwnWeight(whale, 3e18);
        address[5] memory chain = [a1, a2, a3, a4, v];
        for (uint256 i; i < 5; ++i) votes.setOwnWeight(chain[i], uint256(1e16) << i);
        for (uint256 i; i < 4; ++i) votes.setDelegate(chain[i], chain[i + 1]);
    }

    /// @dev The current time through the cheatcode: with via-IR, `block.timestamp` may be read
    /// once per function and reused across `vm.warp`.
    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function _defaults() internal pure returns (IReputationGovernor.Settings memory s) {
        s.votingDelay = 1 hours;
        s.votingPeriod = 1 days;
        s.proposalThreshold = 0.1e18;
        s.maxOpenProposals = 3;
        s.quorumBps = 4000;
        s.minHumanTurnout = 3;
        s.queuePeriod = 7 days;
        s.executedGainWeight = 1e18;
        s.defeatedLossWeight = 0.5e18;
        s.vetoedLossWeight = 1e18;
    }

    // ---------------------------------------------------------------- helpers

    function _actions() internal view returns (IAgentTimelock.Action[] memory actions) {
        actions = new IAgentTimelock.Action[](1);
        actions[0] = IAgentTimelock.Action({
            target: address(governor),
            value: 0,
            data: abi.encodeCall(governor.setQuorumBps, (5000))
        });
    }

    function _proposeAs(address who, string memory description, bool humans) internal returns (uint256 id) {
        IAgentTimelock.Action[] memory actions = _actions();
        vm.prank(who);
        id = governor.propose(actions, description, humans);
    }

    function _propose() internal returns (uint256) {
        return _proposeAs(proposer, DESC, false);
    }

    function _proposeHumans() internal returns (uint256) {
        return _proposeAs(proposer, DESC, true);
    }

    function _start(uint256 id) internal {
        vm.warp(governor.proposal(id).voteStart);
    }

    function _end(uint256 id) internal {
        vm.warp(uint256(governor.proposal(id).voteEnd) + 1);
    }

    function _vote(address who, uint256 id, uint8 support) internal {
        vm.prank(who);
        governor.castVote(id, support);
    }

    function _proof(
        uint256 id,
        uint256 nullifier,
        uint8 support
    ) internal view returns (ISemaphore.SemaphoreProof memory) {
        return personhood.makeProof(nullifier, support, governor.humanVoteScope(id));
    }

    function _humanVote(uint256 id, uint256 nullifier, uint8 support) internal {
        ISemaphore.SemaphoreProof memory proof = _proof(id, nullifier, support);
        vm.prank(relayer);
        governor.castHumanVote(id, support, proof);
    }

    /// @dev A proposal that passed (the whale votes for) and whose voting is over.
    function _succeeded() internal returns (uint256 id) {
        id = _propose();
        _start(id);
        _vote(whale, id, 1);
        _end(id);
    }

    function _queued() internal returns (uint256 id) {
        id = _succeeded();
        governor.queue(id, _actions(), DESC);
    }

    function _state(uint256 id) internal view returns (IReputationGovernor.ProposalState) {
        return governor.state(id);
    }

    function _wrongState(uint256 id, IReputationGovernor.ProposalState s) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IReputationGovernor.ReputationGovernorWrongState.selector, id, s);
    }

    function _tallies(uint256 id) internal view returns (uint256[3] memory t) {
        (t[0], t[1], t[2]) = governor.proposalVotes(id);
    }

    // ---------------------------------------------------------------- reference model

    /// @dev Expected tallies and final receipt weights: every account's own weight goes to the
    /// lowest voter on its path to the root (itself included), or nowhere if none voted.
    function _model(
        uint256[] memory parent,
        uint256[] memory own,
        bool[] memory voted,
        uint8[] memory support
    ) internal pure returns (uint256[3] memory tallies, uint256[] memory weights) {
        weights = new uint256[](parent.length);
        for (uint256 i; i < parent.length; ++i) {
            for (uint256 j = i; j != NONE; j = parent[j]) {
                if (voted[j]) {
                    tallies[support[j]] += own[i];
                    weights[j] += own[i];
                    break;
                }
            }
        }
    }

    /// @dev Sum of the own weights of every account in the subtree of some voter.
    function _behindVoters(
        uint256[] memory parent,
        uint256[] memory own,
        bool[] memory voted
    ) internal pure returns (uint256 sum) {
        for (uint256 i; i < parent.length; ++i) {
            for (uint256 j = i; j != NONE; j = parent[j]) {
                if (voted[j]) {
                    sum += own[i];
                    break;
                }
            }
        }
    }

    function _checkAgainstModel(
        uint256 id,
        address[] memory accounts,
        uint256[] memory parent,
        uint256[] memory own,
        bool[] memory voted,
        uint8[] memory support
    ) internal view {
        (uint256[3] memory expected, uint256[] memory weights) = _model(parent, own, voted, support);
        uint256[3] memory actual = _tallies(id);
        assertEq(actual[0], expected[0], "against");
        assertEq(actual[1], expected[1], "for");
        assertEq(actual[2], expected[2], "abstain");
        for (uint256 i; i < accounts.length; ++i) {
            IReputationGovernor.Receipt memory r = governor.receipt(id, accounts[i]);
            assertEq(r.voted, voted[i], "voted");
            if (voted[i]) {
                assertEq(r.weight, weights[i], "final weight");
                assertEq(r.support, support[i], "support");
            }
        }
    }

    function _chainModel()
        internal
        view
        returns (address[] memory accounts, uint256[] memory parent, uint256[] memory own)
    {
        accounts = new address[](5);
        parent = new uint256[](5);
        own = new uint256[](5);
        address[5] memory chain = [a1, a2, a3, a4, v];
        for (uint256 i; i < 5; ++i) {
            accounts[i] = chain[i];
            parent[i] = i == 4 ? NONE : i + 1;
            own[i] = uint256(1e16) << i;
        }
    }
}

/// @notice Unit and fuzz tests of ReputationGovernor: every path and revert of each function, the
/// override rule in every voting order of a depth-4 chain, the lifecycle, queueing into the
/// timelock and the karma feedback through a real KarmaRegistry.
contract ReputationGovernorTest is GovernorFixture {
    // ---------------------------------------------------------------- deployment

    function test_constructor_setsSettingsAndWiring() public view {
        IReputationGovernor.Settings memory s = governor.settings();
        IReputationGovernor.Settings memory d = _defaults();
        assertEq(abi.encode(s), abi.encode(d));
        assertEq(address(governor.votes()), address(votes));
        assertEq(address(governor.karma()), address(karma));
        assertEq(address(governor.personhood()), address(personhood));
        assertEq(address(governor.timelock()), address(timelock));
        assertEq(governor.owner(), owner);
        assertEq(governor.guardian(), guardian);
        assertEq(governor.GOVERNANCE(), 4);
    }

    function test_constructor_emitsEverySetting() public {
        IReputationGovernor.Settings memory d = _defaults();
        address next = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(next);
        emit IReputationGovernor.VotingDelaySet(d.votingDelay);
        vm.expectEmit(next);
        emit IReputationGovernor.VotingPeriodSet(d.votingPeriod);
        vm.expectEmit(next);
        emit IReputationGovernor.ProposalThresholdSet(d.proposalThreshold);
        vm.expectEmit(next);
        emit IReputationGovernor.MaxOpenProposalsSet(d.maxOpenProposals);
        vm.expectEmit(next);
        emit IReputationGovernor.QuorumBpsSet(d.quorumBps);
        vm.expectEmit(next);
        emit IReputationGovernor.MinHumanTurnoutSet(d.minHumanTurnout);
        vm.expectEmit(next);
        emit IReputationGovernor.QueuePeriodSet(d.queuePeriod);
        vm.expectEmit(next);
        emit IReputationGovernor.FeedbackWeightsSet(d.executedGainWeight, d.defeatedLossWeight, d.vetoedLossWeight);
        new ReputationGovernor(owner, guardian, IReputationVotes(address(votes)), karma, personhood, d);
    }

    function test_constructor_revertsOnSettingOutOfBounds() public {
        IReputationGovernor.Settings memory d = _defaults();
        d.quorumBps = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorInvalidSetting.selector, "quorumBps", 0)
        );
        new ReputationGovernor(owner, guardian, IReputationVotes(address(votes)), karma, personhood, d);
    }

    // ---------------------------------------------------------------- propose

    function test_propose_storesProposalAndEmits() public {
        IAgentTimelock.Action[] memory actions = _actions();
        uint256 snapshot = _now() - 1;
        uint256 expectedId = governor.hashProposal(proposer, snapshot, actions, keccak256(bytes(DESC)));
        assertEq(
            expectedId,
            uint256(keccak256(abi.encode(proposer, snapshot, actions, keccak256(bytes(DESC))))),
            "id formula"
        );
        vm.expectEmit(address(governor));
        emit IReputationGovernor.ProposalCreated(
            expectedId,
            proposer,
            actions,
            DESC,
            false,
            uint40(snapshot),
            uint40(_now() + 1 hours),
            uint40(_now() + 1 hours + 1 days)
        );
        vm.prank(proposer);
        uint256 id = governor.propose(actions, DESC, false);
        assertEq(id, expectedId);

        IReputationGovernor.ProposalCore memory p = governor.proposal(id);
        assertEq(p.proposer, proposer);
        assertEq(p.snapshot, snapshot);
        assertEq(p.voteStart, _now() + 1 hours);
        assertEq(p.voteEnd, _now() + 1 hours + 1 days);
        assertEq(p.quorumBps, 4000);
        assertFalse(p.requireHumans);
        assertFalse(p.feedbackSettled);
        assertEq(p.timelock, address(0));
        assertEq(p.requestId, 0);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Pending));
        assertEq(governor.openProposalsOf(proposer), 1);
        uint256[3] memory t = _tallies(id);
        assertEq(t[0] + t[1] + t[2], 0);
        // 40% of the total weight (1 + 3 + 0.31), rounded up.
        assertEq(governor.quorum(id), (uint256(4.31e18) * 4000 + 9999) / 10_000);
    }

    function test_propose_revertsWithoutActions() public {
        vm.expectRevert(IReputationGovernor.ReputationGovernorEmptyProposal.selector);
        vm.prank(proposer);
        governor.propose(new IAgentTimelock.Action[](0), DESC, false);
    }

    function test_propose_revertsBelowThreshold() public {
        IAgentTimelock.Action[] memory actions = _actions();
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorBelowThreshold.selector, stranger, 0, 0.1e18)
        );
        vm.prank(stranger);
        governor.propose(actions, DESC, false);

        votes.setOwnWeight(stranger, 0.1e18 - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationGovernor.ReputationGovernorBelowThreshold.selector,
                stranger,
                0.1e18 - 1,
                0.1e18
            )
        );
        vm.prank(stranger);
        governor.propose(actions, DESC, false);

        votes.setOwnWeight(stranger, 0.1e18);
        _proposeAs(stranger, DESC, false); // exactly the threshold
    }

    function test_propose_thresholdCountsDelegatedPower() public {
        vm.prank(owner);
        governor.setProposalThreshold(0.3e18);
        // v's own weight is 0.16, its power with the chain below it 0.31.
        _proposeAs(v, DESC, false);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorBelowThreshold.selector, a4, 0.15e18, 0.3e18)
        );
        vm.prank(a4);
        governor.propose(_actions(), DESC, false);
    }

    function test_propose_revertsWhenOpenCapReached() public {
        _proposeAs(proposer, "one", false);
        _proposeAs(proposer, "two", false);
        uint256 third = _proposeAs(proposer, "three", false);
        assertEq(governor.openProposalsOf(proposer), 3);
        IAgentTimelock.Action[] memory actions = _actions();
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector, proposer, 3)
        );
        vm.prank(proposer);
        governor.propose(actions, "four", false);

        // Other proposers are not affected.
        _proposeAs(whale, "four", false);

        // Still open in its last voting second, free one second later.
        vm.warp(governor.proposal(third).voteEnd);
        assertEq(governor.openProposalsOf(proposer), 3);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector, proposer, 3)
        );
        vm.prank(proposer);
        governor.propose(actions, "four", false);
        vm.warp(_now() + 1);
        assertEq(governor.openProposalsOf(proposer), 0);
        _proposeAs(proposer, "four", false);
        _proposeAs(proposer, "five", false);
        _proposeAs(proposer, "six", false);
        assertEq(governor.openProposalsOf(proposer), 3);
    }

    function test_propose_capFollowsSettingChanges() public {
        vm.prank(owner);
        governor.setMaxOpenProposals(6);
        for (uint256 i; i < 6; ++i) _proposeAs(proposer, vm.toString(i), false);
        assertEq(governor.openProposalsOf(proposer), 6);
        IAgentTimelock.Action[] memory actions = _actions();
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector, proposer, 6)
        );
        vm.prank(proposer);
        governor.propose(actions, "7", false);

        // Lowering the cap keeps counting the proposals already open.
        vm.prank(owner);
        governor.setMaxOpenProposals(2);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector, proposer, 6)
        );
        vm.prank(proposer);
        governor.propose(actions, "7", false);
        vm.warp(_now() + 2 days);
        _proposeAs(proposer, "a", false);
        _proposeAs(proposer, "b", false);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector, proposer, 2)
        );
        vm.prank(proposer);
        governor.propose(actions, "c", false);
    }

    function test_propose_ringReusesClosedEntries() public {
        // Proposals at staggered times: the ring frees each entry when its vote ends.
        uint256 first = _proposeAs(proposer, "one", false);
        vm.warp(_now() + 12 hours);
        _proposeAs(proposer, "two", false);
        vm.warp(_now() + 12 hours);
        _proposeAs(proposer, "three", false);
        vm.warp(uint256(governor.proposal(first).voteEnd) + 1);
        assertEq(governor.openProposalsOf(proposer), 2);
        _proposeAs(proposer, "four", false);
        assertEq(governor.openProposalsOf(proposer), 3);
    }

    function test_propose_revertsWhenPaused() public {
        vm.prank(guardian);
        governor.pause();
        IAgentTimelock.Action[] memory actions = _actions();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(proposer);
        governor.propose(actions, DESC, false);
        vm.prank(owner);
        governor.unpause();
        _propose();
    }

    function test_pause_onlyGuardianOrOwner() public {
        vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, stranger));
        vm.prank(stranger);
        governor.pause();
        vm.prank(owner);
        governor.pause();
        assertTrue(governor.paused());
    }

    function test_propose_revertsOnSameProposalInSameSecond() public {
        uint256 id = _propose();
        IAgentTimelock.Action[] memory actions = _actions();
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorProposalExists.selector, id));
        vm.prank(proposer);
        governor.propose(actions, DESC, false);
        // Another proposer, or the next second, makes another id.
        uint256 other = _proposeAs(whale, DESC, false);
        vm.warp(_now() + 1);
        uint256 later = _propose();
        assertTrue(other != id && later != id && later != other);
    }

    function test_propose_fixesQuorumAndHumanTurnout() public {
        uint256 id = _proposeHumans();
        vm.startPrank(owner);
        governor.setQuorumBps(9000);
        governor.setMinHumanTurnout(50);
        vm.stopPrank();
        assertEq(governor.proposal(id).quorumBps, 4000);
        assertTrue(governor.proposal(id).requireHumans);
        (, , , uint256 minTurnout) = governor.humanVotes(id);
        assertEq(minTurnout, 3);
        vm.warp(_now() + 1);
        uint256 later = _proposeHumans();
        assertEq(governor.proposal(later).quorumBps, 9000);
        (, , , minTurnout) = governor.humanVotes(later);
        assertEq(minTurnout, 50);
    }

    function test_propose_weightsOfTheProposingSecondDoNotCount() public {
        uint256 id = _propose();
        // The ledger refuses lookups at the current second: the governor never makes one.
        vm.expectRevert(abi.encodeWithSelector(MockReputationVotes.MockReputationVotesFutureLookup.selector, _now()));
        votes.powerAt(v, _now());
        assertEq(governor.proposal(id).snapshot, _now() - 1);
        vm.prank(owner);
        governor.setVotingDelay(0);
        uint256 immediate = _proposeAs(whale, DESC, false);
        assertEq(uint8(_state(immediate)), uint8(IReputationGovernor.ProposalState.Active));
        _vote(whale, immediate, 1);
        assertEq(governor.receipt(immediate, whale).weight, 3e18);
    }

    // ---------------------------------------------------------------- castVote

    function test_castVote_revertsBeforeStartAndAfterEnd() public {
        uint256 id = _propose();
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Pending));
        _vote(whale, id, 1);
        vm.warp(governor.proposal(id).voteStart - 1);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Pending));
        _vote(whale, id, 1);
        vm.warp(governor.proposal(id).voteStart);
        _vote(proposer, id, 1);
        vm.warp(governor.proposal(id).voteEnd);
        _vote(a2, id, 0);
        vm.warp(_now() + 1);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Defeated));
        _vote(whale, id, 1);
    }

    function test_castVote_revertsOnSecondVote() public {
        uint256 id = _propose();
        _start(id);
        _vote(whale, id, 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorAlreadyVoted.selector, id, whale));
        _vote(whale, id, 0);
    }

    function test_castVote_revertsOnBadSupport() public {
        uint256 id = _propose();
        _start(id);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorInvalidSupport.selector, 3));
        _vote(whale, id, 3);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorInvalidSupport.selector, 255));
        _vote(whale, id, 255);
    }

    function test_castVote_revertsOnUnknownProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        _vote(whale, 42, 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        governor.state(42);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        governor.quorum(42);
        assertEq(governor.proposal(42).proposer, address(0));
    }

    function test_castVote_countsSnapshotPowerThroughTheChain() public {
        uint256 id = _propose();
        _start(id);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.VoteCast(id, v, 1, 0.31e18);
        _vote(v, id, 1);
        IReputationGovernor.Receipt memory r = governor.receipt(id, v);
        assertTrue(r.voted);
        assertEq(r.support, 1);
        assertEq(r.weight, 0.31e18);
        assertEq(r.taken, 0);
        assertEq(_tallies(id)[1], 0.31e18);
    }

    /// @dev v votes for with the whole chain, then a delegator `depth` hops below takes its subtree back.
    function _overrideAtDepth(uint256 depth) internal {
        address[5] memory chain = [a1, a2, a3, a4, v];
        address voter = chain[4 - depth];
        uint256 subtree = (uint256(1e16) << (5 - depth)) - 1e16; // own weights of chain[0 .. 4 - depth]
        uint256 id = _propose();
        _start(id);
        _vote(v, id, 1);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.VoteOverridden(id, v, voter, subtree);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.VoteCast(id, voter, 0, subtree);
        _vote(voter, id, 0);
        uint256[3] memory t = _tallies(id);
        assertEq(t[0], subtree, "against: the delegator's subtree");
        assertEq(t[1], 0.31e18 - subtree, "for: the rest");
        assertEq(governor.receipt(id, v).weight, 0.31e18 - subtree);
        assertEq(governor.receipt(id, v).taken, subtree);
        // Accounts between them record the subtree as taken, without a vote.
        for (uint256 i = 5 - depth; i < 4; ++i) {
            IReputationGovernor.Receipt memory r = governor.receipt(id, chain[i]);
            assertFalse(r.voted);
            assertEq(r.taken, subtree);
        }
    }

    function test_castVote_overrideAtDepth1() public {
        _overrideAtDepth(1);
    }

    function test_castVote_overrideAtDepth2() public {
        _overrideAtDepth(2);
    }

    function test_castVote_overrideAtDepth3() public {
        _overrideAtDepth(3);
    }

    function test_castVote_overrideAtDepth4() public {
        _overrideAtDepth(4);
    }

    function test_castVote_delegatorFirstLeavesTheRestToTheDelegate() public {
        uint256 id = _propose();
        _start(id);
        _vote(a1, id, 0);
        assertEq(governor.receipt(id, a4).taken, 0.01e18);
        _vote(v, id, 1);
        assertEq(governor.receipt(id, v).weight, 0.30e18);
        _vote(a3, id, 2); // between them: takes its subtree less a1's part from v
        uint256[3] memory t = _tallies(id);
        assertEq(t[0], 0.01e18);
        assertEq(t[1], 0.30e18 - 0.06e18);
        assertEq(t[2], 0.06e18);
    }

    function test_castVote_overrideStopsAtTheFirstVotedAncestor() public {
        uint256 id = _propose();
        _start(id);
        _vote(v, id, 1); // 0.31
        _vote(a3, id, 0); // takes 0.07 from v
        _vote(a1, id, 2); // takes 0.01 from a3, not from v
        uint256[3] memory t = _tallies(id);
        assertEq(t[0], 0.06e18);
        assertEq(t[1], 0.24e18);
        assertEq(t[2], 0.01e18);
        assertEq(governor.receipt(id, v).weight, 0.24e18);
        assertEq(governor.receipt(id, v).taken, 0.07e18);
        assertEq(governor.receipt(id, a3).weight, 0.06e18);
        assertEq(governor.receipt(id, a4).taken, 0.07e18);
    }

    /// @dev All 120 orders in which the five accounts of the chain can vote, each on its own
    /// proposal, checked against the model after every vote.
    function test_castVote_everyOrderOfTheChain() public {
        (address[] memory accounts, uint256[] memory parent, uint256[] memory own) = _chainModel();
        uint8[] memory support = new uint8[](5);
        support[0] = 0;
        support[1] = 1;
        support[2] = 2;
        support[3] = 0;
        support[4] = 1;
        vm.prank(owner);
        governor.setVotingDelay(0);
        for (uint256 index; index < 120; ++index) {
            uint256[] memory order = _permutation(index, 5);
            uint256 id = _proposeAs(proposer, vm.toString(index), false);
            bool[] memory voted = new bool[](5);
            for (uint256 k; k < 5; ++k) {
                uint256 who = order[k];
                _vote(accounts[who], id, support[who]);
                voted[who] = true;
                _checkAgainstModel(id, accounts, parent, own, voted, support);
            }
            uint256[3] memory t = _tallies(id);
            assertEq(t[0] + t[1] + t[2], 0.31e18, "everyone voted: all weight counted once");
            vm.warp(_now() + 1 days + 1);
        }
    }

    function _permutation(uint256 index, uint256 n) internal pure returns (uint256[] memory perm) {
        uint256[] memory pool = new uint256[](n);
        for (uint256 i; i < n; ++i) pool[i] = i;
        perm = new uint256[](n);
        uint256 left = n;
        for (uint256 i; i < n; ++i) {
            uint256 f = 1;
            for (uint256 k = 2; k < left; ++k) f *= k;
            uint256 pick = index / f;
            index %= f;
            perm[i] = pool[pick];
            for (uint256 k = pick; k + 1 < left; ++k) pool[k] = pool[k + 1];
            --left;
        }
    }

    function test_castVote_abstainCountsTowardQuorumOnly() public {
        uint256 id = _propose();
        _start(id);
        _vote(whale, id, 2); // 3e18 abstain: quorum reached
        _vote(proposer, id, 1); // 1e18 for
        _vote(v, id, 0); // 0.31e18 against
        _end(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Succeeded));

        vm.warp(_now() + 1);
        uint256 id2 = _propose();
        _start(id2);
        _vote(proposer, id2, 1); // 1e18 for: below the 1.724e18 quorum
        _end(id2);
        assertEq(uint8(_state(id2)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_castVote_zeroWeightVoterIsRecorded() public {
        uint256 id = _propose();
        _start(id);
        _vote(stranger, id, 1);
        IReputationGovernor.Receipt memory r = governor.receipt(id, stranger);
        assertTrue(r.voted);
        assertEq(r.weight, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationGovernor.ReputationGovernorAlreadyVoted.selector, id, stranger)
        );
        _vote(stranger, id, 0);
    }

    function test_castVote_revertsOnWeightBeyondTheTally() public {
        votes.setOwnWeight(stranger, uint256(type(uint80).max) + 1);
        uint256 id = _propose();
        _start(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationGovernor.ReputationGovernorWeightOverflow.selector,
                uint256(type(uint80).max) + 1
            )
        );
        _vote(stranger, id, 1);

        // A tally that would pass 2^80 - 1 reverts as well.
        votes.setOwnWeight(stranger, type(uint80).max);
        vm.warp(_now() + 1);
        uint256 id2 = _propose();
        _start(id2);
        _vote(stranger, id2, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationGovernor.ReputationGovernorWeightOverflow.selector,
                uint256(type(uint80).max) + 1e18
            )
        );
        _vote(proposer, id2, 1);
    }

    function test_castVote_notStoppedByPause() public {
        uint256 id = _proposeHumans();
        vm.prank(guardian);
        governor.pause();
        _start(id);
        _vote(whale, id, 1);
        _humanVote(id, 1, 1);
        _humanVote(id, 2, 1);
        _humanVote(id, 3, 1);
        _end(id);
        governor.queue(id, _actions(), DESC);
        timelock.setState(0, IAgentTimelock.RequestState.Executed);
        governor.settleFeedback(id);
    }

    // ---------------------------------------------------------------- human house

    function test_castHumanVote_countsAVoteFromARelayer() public {
        uint256 id = _proposeHumans();
        _start(id);
        ISemaphore.SemaphoreProof memory proof = _proof(id, 7, 1);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.HumanVoteCast(id, 1, 7);
        vm.prank(relayer);
        governor.castHumanVote(id, 1, proof);
        _humanVote(id, 8, 0);
        _humanVote(id, 9, 2);
        _humanVote(id, 10, 1);
        (uint256 against, uint256 forVotes, uint256 abstain, uint256 minTurnout) = governor.humanVotes(id);
        assertEq(against, 1);
        assertEq(forVotes, 2);
        assertEq(abstain, 1);
        assertEq(minTurnout, 3);
        // Human votes carry no reputation weight.
        uint256[3] memory t = _tallies(id);
        assertEq(t[0] + t[1] + t[2], 0);
    }

    function test_castHumanVote_scopeIsBoundToChainContractAndProposal() public {
        uint256 id = _proposeHumans();
        assertEq(governor.humanVoteScope(id), uint256(keccak256(abi.encode(block.chainid, address(governor), id))));
        assertTrue(governor.humanVoteScope(id) != governor.humanVoteScope(id + 1));
    }

    function test_castHumanVote_revertsOnWrongScope() public {
        uint256 id = _proposeHumans();
        vm.warp(_now() + 1);
        uint256 other = _proposeHumans();
        _start(other);
        // A proof made for the other proposal.
        ISemaphore.SemaphoreProof memory proof = _proof(other, 7, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationGovernor.ReputationGovernorWrongScope.selector,
                governor.humanVoteScope(id),
                governor.humanVoteScope(other)
            )
        );
        governor.castHumanVote(id, 1, proof);
    }

    function test_castHumanVote_revertsWhenTheRelayerChangesTheChoice() public {
        uint256 id = _proposeHumans();
        _start(id);
        ISemaphore.SemaphoreProof memory proof = _proof(id, 7, 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorWrongMessage.selector, 0, 1));
        vm.prank(relayer);
        governor.castHumanVote(id, 0, proof);
        // And a doctored message fails the proof itself.
        proof.message = 0;
        vm.expectRevert(MockPersonhood.MockPersonhoodBadProof.selector);
        vm.prank(relayer);
        governor.castHumanVote(id, 0, proof);
    }

    function test_castHumanVote_revertsOnReplayedNullifier() public {
        uint256 id = _proposeHumans();
        _start(id);
        ISemaphore.SemaphoreProof memory proof = _proof(id, 7, 1);
        governor.castHumanVote(id, 1, proof);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorNullifierUsed.selector, 7));
        vm.prank(relayer);
        governor.castHumanVote(id, 1, proof);
        // The same nullifier with another choice is the same person: refused too.
        ISemaphore.SemaphoreProof memory again = _proof(id, 7, 0);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorNullifierUsed.selector, 7));
        governor.castHumanVote(id, 0, again);
    }

    function test_castHumanVote_revertsWithoutHumanHouse() public {
        uint256 id = _propose();
        _start(id);
        ISemaphore.SemaphoreProof memory proof = _proof(id, 7, 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorNoHumanHouse.selector, id));
        governor.castHumanVote(id, 1, proof);
    }

    function test_castHumanVote_revertsOutsideVoting() public {
        uint256 id = _proposeHumans();
        ISemaphore.SemaphoreProof memory proof = _proof(id, 7, 1);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Pending));
        governor.castHumanVote(id, 1, proof);
        _end(id);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Defeated));
        governor.castHumanVote(id, 1, proof);
    }

    function test_castHumanVote_revertsOnUnknownProposalAndBadSupport() public {
        ISemaphore.SemaphoreProof memory proof = _proof(42, 7, 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        governor.castHumanVote(42, 1, proof);
        uint256 id = _proposeHumans();
        _start(id);
        proof = _proof(id, 7, 3);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorInvalidSupport.selector, 3));
        governor.castHumanVote(id, 3, proof);
    }

    function test_castHumanVote_checksTheRoot() public {
        uint256 id = _proposeHumans();
        _start(id);
        ISemaphore.SemaphoreProof memory oldRootProof = _proof(id, 7, 1);
        personhood.rotateRoot(99);
        governor.castHumanVote(id, 1, oldRootProof); // superseded root still valid
        ISemaphore.SemaphoreProof memory bogus = _proof(id, 8, 1);
        bogus.merkleTreeRoot = 12345;
        bogus.points[0] = personhood.tag(bogus);
        vm.expectRevert(abi.encodeWithSelector(MockPersonhood.MockPersonhoodUnknownRoot.selector, 12345));
        governor.castHumanVote(id, 1, bogus);
    }

    // ---------------------------------------------------------------- lifecycle

    function test_state_pendingActiveSucceededExpired() public {
        uint256 id = _propose();
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Pending));
        _start(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Active));
        _vote(whale, id, 1);
        vm.warp(governor.proposal(id).voteEnd);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Active));
        vm.warp(_now() + 1);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Succeeded));
        vm.warp(uint256(governor.proposal(id).voteEnd) + 7 days);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Succeeded));
        vm.warp(_now() + 1);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Expired));
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Expired));
        governor.queue(id, _actions(), DESC);
    }

    function test_state_defeatedWithoutVotesOrMajority() public {
        uint256 noVotes = _proposeAs(proposer, "none", false);
        uint256 against = _proposeAs(proposer, "against", false);
        _start(against);
        _vote(whale, against, 0); // 3e18 against
        _vote(proposer, against, 1); // 1e18 for
        _end(against);
        assertEq(uint8(_state(noVotes)), uint8(IReputationGovernor.ProposalState.Defeated));
        assertEq(uint8(_state(against)), uint8(IReputationGovernor.ProposalState.Defeated));
        // Defeated proposals stay on record, and stay defeated.
        vm.warp(_now() + 365 days);
        assertEq(uint8(_state(against)), uint8(IReputationGovernor.ProposalState.Defeated));
        assertEq(governor.proposal(against).proposer, proposer);
    }

    function test_state_forEqualAgainstIsDefeated() public {
        votes.setOwnWeight(stranger, 1e18);
        uint256 id = _propose();
        _start(id);
        _vote(proposer, id, 1);
        _vote(stranger, id, 0);
        _vote(whale, id, 2);
        _end(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_state_quorumBoundaryIsExact() public {
        // Total weight 10e18, quorum 40%: 4e18 of participation exactly.
        votes.setOwnWeight(whale, 6e18 - 0.31e18 - 1);
        votes.setOwnWeight(stranger, 1);
        votes.setOwnWeight(proposer, 4e18);
        uint256 id = _propose();
        assertEq(governor.quorum(id), 4e18);
        _start(id);
        _vote(proposer, id, 1);
        _end(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Succeeded));

        votes.setOwnWeight(proposer, 4e18 - 1);
        votes.setOwnWeight(stranger, 2);
        uint256 id2 = _propose();
        assertEq(governor.quorum(id2), 4e18);
        _start(id2);
        _vote(proposer, id2, 1);
        _end(id2);
        assertEq(uint8(_state(id2)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_state_humanHouseDecides() public {
        // Reputation passes all four; the humans decide.
        uint256 yes = _proposeAs(proposer, "yes", true);
        uint256 no = _proposeAs(proposer, "no", true);
        uint256 tie = _proposeAs(proposer, "tie", true);
        _start(yes);
        uint256 n;
        uint256[3] memory ids = [yes, no, tie];
        for (uint256 i; i < 3; ++i) _vote(whale, ids[i], 1);
        // yes: 2 for, 1 abstain (turnout 3 counts abstentions)
        _humanVote(yes, ++n, 1);
        _humanVote(yes, ++n, 1);
        _humanVote(yes, ++n, 2);
        // no: 1 for, 2 against
        _humanVote(no, ++n, 1);
        _humanVote(no, ++n, 0);
        _humanVote(no, ++n, 0);
        // tie: 2 for, 2 against
        _humanVote(tie, ++n, 1);
        _humanVote(tie, ++n, 1);
        _humanVote(tie, ++n, 0);
        _humanVote(tie, ++n, 0);
        _end(yes);
        assertEq(uint8(_state(yes)), uint8(IReputationGovernor.ProposalState.Succeeded));
        assertEq(uint8(_state(no)), uint8(IReputationGovernor.ProposalState.Defeated));
        assertEq(uint8(_state(tie)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_state_humanTurnoutBelowMinimumDefeats() public {
        uint256 id = _proposeHumans();
        _start(id);
        _vote(whale, id, 1);
        _humanVote(id, 1, 1);
        _humanVote(id, 2, 1);
        _end(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_state_humansCannotRescueAFailedReputationVote() public {
        uint256 id = _proposeHumans();
        _start(id);
        _vote(whale, id, 0);
        for (uint256 i = 1; i <= 5; ++i) _humanVote(id, i, 1);
        _end(id);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Defeated));
    }

    function test_state_followsTheTimelockOnceQueued() public {
        uint256 id = _queued();
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Queued));
        timelock.setState(0, IAgentTimelock.RequestState.Ready);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Queued));
        timelock.setState(0, IAgentTimelock.RequestState.Executed);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Executed));
        timelock.setState(0, IAgentTimelock.RequestState.Vetoed);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Vetoed));
        timelock.setState(0, IAgentTimelock.RequestState.Expired);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Expired));
        timelock.setState(0, IAgentTimelock.RequestState.Cancelled);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Expired));
        // Once queued, the queue period no longer applies.
        timelock.setState(0, IAgentTimelock.RequestState.Queued);
        vm.warp(_now() + 30 days);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Queued));
    }

    function test_state_queuePeriodSettingAppliesToUnqueuedProposals() public {
        uint256 id = _succeeded();
        vm.warp(_now() + 7 days);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Expired));
        vm.prank(owner);
        governor.setQueuePeriod(14 days);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Succeeded));
    }

    // ---------------------------------------------------------------- queue

    function test_queue_handsTheActionsToTheTimelock() public {
        uint256 id = _succeeded();
        vm.expectEmit(address(governor));
        emit IReputationGovernor.ProposalQueued(id, address(timelock), 0);
        vm.prank(stranger);
        uint256 requestId = governor.queue(id, _actions(), DESC);
        assertEq(requestId, 0);
        MockAgentTimelock.Request memory r = timelock.request(0);
        assertEq(r.proposalId, id);
        assertEq(r.actionsHash, keccak256(abi.encode(_actions())));
        assertEq(r.descriptionHash, keccak256(bytes(DESC)));
        IReputationGovernor.ProposalCore memory p = governor.proposal(id);
        assertEq(p.timelock, address(timelock));
        assertEq(p.requestId, 0);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Queued));
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Queued));
        governor.queue(id, _actions(), DESC);

        // A second proposal gets the next request.
        vm.warp(_now() + 1);
        uint256 id2 = _succeeded();
        assertEq(governor.queue(id2, _actions(), DESC), 1);
        assertEq(governor.proposal(id2).requestId, 1);
    }

    function test_queue_revertsOnOtherActionsOrDescription() public {
        uint256 id = _succeeded();
        IAgentTimelock.Action[] memory actions = _actions();
        actions[0].value = 1;
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorActionsMismatch.selector, id));
        governor.queue(id, actions, DESC);
        actions = _actions();
        actions[0].data = abi.encodeCall(governor.setQuorumBps, (10_000));
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorActionsMismatch.selector, id));
        governor.queue(id, actions, DESC);
        actions = new IAgentTimelock.Action[](2);
        actions[0] = _actions()[0];
        actions[1] = _actions()[0];
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorActionsMismatch.selector, id));
        governor.queue(id, actions, DESC);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorActionsMismatch.selector, id));
        governor.queue(id, _actions(), "Raise the quorum to 50%.");
    }

    function test_queue_revertsUnlessSucceeded() public {
        uint256 id = _propose();
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Pending));
        governor.queue(id, _actions(), DESC);
        _start(id);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Active));
        governor.queue(id, _actions(), DESC);
        _end(id);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Defeated));
        governor.queue(id, _actions(), DESC);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        governor.queue(42, _actions(), DESC);
    }

    function test_queue_revertsWithoutTimelock() public {
        ReputationGovernor bare = new ReputationGovernor(
            owner,
            guardian,
            IReputationVotes(address(votes)),
            karma,
            personhood,
            _defaults()
        );
        IAgentTimelock.Action[] memory actions = _actions();
        vm.prank(whale);
        uint256 id = bare.propose(actions, DESC, false);
        vm.warp(bare.proposal(id).voteStart);
        vm.prank(whale);
        bare.castVote(id, 1);
        vm.warp(uint256(bare.proposal(id).voteEnd) + 1);
        vm.expectRevert(IReputationGovernor.ReputationGovernorTimelockNotSet.selector);
        bare.queue(id, actions, DESC);
    }

    function test_queue_reentryFindsTheProposalQueued() public {
        uint256 id = _succeeded();
        timelock.setReenter(true, DESC);
        governor.queue(id, _actions(), DESC);
        assertEq(timelock.reentryError(), _wrongState(id, IReputationGovernor.ProposalState.Queued));
        assertEq(timelock.requestCount(), 1);
    }

    function test_queue_keepsTheTimelockItWasQueuedIn() public {
        uint256 id = _queued();
        timelock.setState(0, IAgentTimelock.RequestState.Executed);
        MockAgentTimelock next = new MockAgentTimelock();
        vm.prank(owner);
        governor.setTimelock(IAgentTimelock(address(next)));
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Executed));
        assertEq(governor.proposal(id).timelock, address(timelock));
    }

    function test_endToEnd_proposalChangesTheGovernorThroughTheTimelock() public {
        vm.prank(owner);
        governor.transferOwnership(address(timelock));
        vm.prank(address(timelock));
        governor.acceptOwnership();
        uint256 id = _queued();
        timelock.execute(0, _actions());
        assertEq(governor.settings().quorumBps, 5000);
        assertEq(uint8(_state(id)), uint8(IReputationGovernor.ProposalState.Executed));
        governor.settleFeedback(id);
        assertEq(karma.karmaOf(proposer, 4), 0.1e18);
    }

    // ---------------------------------------------------------------- feedback

    function _raiseKarma(address who) internal {
        vm.prank(owner);
        karma.setUpdater(address(this), true);
        for (uint256 i; i < 5; ++i) karma.recordOutcome(who, 4, 1e18, 1e18);
    }

    function _expectedKarma(address who, uint64 outcome, uint64 weight) internal view returns (uint256) {
        uint256 before = karma.karmaOf(who, 4);
        uint256 rate = (uint256(karma.alpha()) * weight) / WAD;
        return (before * (WAD - rate) + outcome * rate) / WAD;
    }

    function test_settleFeedback_executedRaisesKarmaAndSyncs() public {
        votes.setKarmaSource(karma);
        uint256 id = _queued();
        timelock.setState(0, IAgentTimelock.RequestState.Executed);
        uint256 expected = _expectedKarma(proposer, 1e18, 1e18);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.FeedbackSettled(id, proposer, IReputationGovernor.ProposalState.Executed, 1e18, 1e18);
        vm.prank(stranger);
        governor.settleFeedback(id);
        assertEq(karma.karmaOf(proposer, 4), expected);
        assertGt(expected, 0);
        assertEq(votes.own(proposer), expected, "the ledger synced the new karma");
        assertEq(votes.syncCount(proposer), 1);
        assertTrue(governor.proposal(id).feedbackSettled);
    }

    function test_settleFeedback_defeatedLowersKarma() public {
        _raiseKarma(proposer);
        uint256 id = _propose();
        _end(id);
        uint256 before = karma.karmaOf(proposer, 4);
        uint256 expected = _expectedKarma(proposer, 0, 0.5e18);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.FeedbackSettled(id, proposer, IReputationGovernor.ProposalState.Defeated, 0, 0.5e18);
        governor.settleFeedback(id);
        assertEq(karma.karmaOf(proposer, 4), expected);
        assertLt(expected, before);
    }

    function test_settleFeedback_vetoedLowersKarmaMore() public {
        _raiseKarma(proposer);
        uint256 id = _queued();
        timelock.setState(0, IAgentTimelock.RequestState.Vetoed);
        uint256 before = karma.karmaOf(proposer, 4);
        uint256 expected = _expectedKarma(proposer, 0, 1e18);
        governor.settleFeedback(id);
        assertEq(karma.karmaOf(proposer, 4), expected);
        assertLt(expected, before);
        assertGt(expected, 0, "bounded: one step of the EMA never takes it all");
    }

    function test_settleFeedback_onlyOnce() public {
        uint256 id = _propose();
        _end(id);
        governor.settleFeedback(id);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorFeedbackSettled.selector, id));
        governor.settleFeedback(id);
    }

    function test_settleFeedback_revertsBeforeTheOutcomeIsFinal() public {
        uint256 id = _propose();
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Pending));
        governor.settleFeedback(id);
        _start(id);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Active));
        governor.settleFeedback(id);
        _vote(whale, id, 1);
        _end(id);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Succeeded));
        governor.settleFeedback(id);
        governor.queue(id, _actions(), DESC);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Queued));
        governor.settleFeedback(id);
        timelock.setState(0, IAgentTimelock.RequestState.Expired);
        vm.expectRevert(_wrongState(id, IReputationGovernor.ProposalState.Expired));
        governor.settleFeedback(id);
        vm.expectRevert(abi.encodeWithSelector(IReputationGovernor.ReputationGovernorUnknownProposal.selector, 42));
        governor.settleFeedback(42);
    }

    function test_settleFeedback_zeroWeightLeavesKarmaButSettles() public {
        _raiseKarma(proposer);
        vm.prank(owner);
        governor.setFeedbackWeights(0, 0, 0);
        uint256 id = _propose();
        _end(id);
        (uint64 storedBefore, uint40 updatedBefore) = karma.storedKarma(proposer, 4);
        governor.settleFeedback(id);
        (uint64 storedAfter, uint40 updatedAfter) = karma.storedKarma(proposer, 4);
        assertEq(storedAfter, storedBefore);
        assertEq(updatedAfter, updatedBefore);
        assertEq(votes.syncCount(proposer), 1);
        assertTrue(governor.proposal(id).feedbackSettled);
    }

    function test_settleFeedback_needsTheUpdaterRole() public {
        vm.prank(owner);
        karma.setUpdater(address(governor), false);
        uint256 id = _propose();
        _end(id);
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, address(governor)));
        governor.settleFeedback(id);
        assertFalse(governor.proposal(id).feedbackSettled);
    }

    // ---------------------------------------------------------------- owner

    function _invalid(string memory name, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IReputationGovernor.ReputationGovernorInvalidSetting.selector, name, value);
    }

    function test_setters_onlyOwner() public {
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger);
        vm.startPrank(stranger);
        vm.expectRevert(unauthorized);
        governor.setTimelock(IAgentTimelock(address(timelock)));
        vm.expectRevert(unauthorized);
        governor.setVotingDelay(1);
        vm.expectRevert(unauthorized);
        governor.setVotingPeriod(1 days);
        vm.expectRevert(unauthorized);
        governor.setProposalThreshold(1);
        vm.expectRevert(unauthorized);
        governor.setMaxOpenProposals(1);
        vm.expectRevert(unauthorized);
        governor.setQuorumBps(1);
        vm.expectRevert(unauthorized);
        governor.setMinHumanTurnout(1);
        vm.expectRevert(unauthorized);
        governor.setQueuePeriod(1 days);
        vm.expectRevert(unauthorized);
        governor.setFeedbackWeights(1, 1, 1);
        vm.expectRevert(unauthorized);
        governor.unpause();
        vm.stopPrank();
    }

    function test_setters_enforceBounds() public {
        vm.startPrank(owner);
        vm.expectRevert(_invalid("timelock", 0));
        governor.setTimelock(IAgentTimelock(address(0)));
        vm.expectRevert(_invalid("votingDelay", 30 days + 1));
        governor.setVotingDelay(30 days + 1);
        vm.expectRevert(_invalid("votingPeriod", 1 hours - 1));
        governor.setVotingPeriod(1 hours - 1);
        vm.expectRevert(_invalid("votingPeriod", 90 days + 1));
        governor.setVotingPeriod(90 days + 1);
        vm.expectRevert(_invalid("proposalThreshold", 1e18 + 1));
        governor.setProposalThreshold(1e18 + 1);
        vm.expectRevert(_invalid("maxOpenProposals", 0));
        governor.setMaxOpenProposals(0);
        vm.expectRevert(_invalid("maxOpenProposals", 7));
        governor.setMaxOpenProposals(7);
        vm.expectRevert(_invalid("quorumBps", 0));
        governor.setQuorumBps(0);
        vm.expectRevert(_invalid("quorumBps", 10_001));
        governor.setQuorumBps(10_001);
        vm.expectRevert(_invalid("minHumanTurnout", 1_000_001));
        governor.setMinHumanTurnout(1_000_001);
        vm.expectRevert(_invalid("queuePeriod", 1 hours - 1));
        governor.setQueuePeriod(1 hours - 1);
        vm.expectRevert(_invalid("queuePeriod", 90 days + 1));
        governor.setQueuePeriod(90 days + 1);
        vm.expectRevert(_invalid("executedGainWeight", 1e18 + 1));
        governor.setFeedbackWeights(1e18 + 1, 0, 0);
        vm.expectRevert(_invalid("defeatedLossWeight", 1e18 + 1));
        governor.setFeedbackWeights(0, 1e18 + 1, 0);
        vm.expectRevert(_invalid("vetoedLossWeight", 1e18 + 1));
        governor.setFeedbackWeights(0, 0, 1e18 + 1);
        vm.stopPrank();
    }

    function test_setters_acceptTheBoundsAndEmit() public {
        vm.startPrank(owner);
        MockAgentTimelock next = new MockAgentTimelock();
        vm.expectEmit(address(governor));
        emit IReputationGovernor.TimelockSet(address(next));
        governor.setTimelock(IAgentTimelock(address(next)));
        vm.expectEmit(address(governor));
        emit IReputationGovernor.VotingDelaySet(30 days);
        governor.setVotingDelay(30 days);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.VotingPeriodSet(90 days);
        governor.setVotingPeriod(90 days);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.ProposalThresholdSet(1e18);
        governor.setProposalThreshold(1e18);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.MaxOpenProposalsSet(6);
        governor.setMaxOpenProposals(6);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.QuorumBpsSet(10_000);
        governor.setQuorumBps(10_000);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.MinHumanTurnoutSet(1_000_000);
        governor.setMinHumanTurnout(1_000_000);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.QueuePeriodSet(90 days);
        governor.setQueuePeriod(90 days);
        vm.expectEmit(address(governor));
        emit IReputationGovernor.FeedbackWeightsSet(1e18, 1e18, 1e18);
        governor.setFeedbackWeights(1e18, 1e18, 1e18);
        vm.stopPrank();

        IReputationGovernor.Settings memory s = governor.settings();
        assertEq(address(governor.timelock()), address(next));
        assertEq(s.votingDelay, 30 days);
        assertEq(s.votingPeriod, 90 days);
        assertEq(s.proposalThreshold, 1e18);
        assertEq(s.maxOpenProposals, 6);
        assertEq(s.quorumBps, 10_000);
        assertEq(s.minHumanTurnout, 1_000_000);
        assertEq(s.queuePeriod, 90 days);
        assertEq(s.executedGainWeight, 1e18);
        assertEq(s.defeatedLossWeight, 1e18);
        assertEq(s.vetoedLossWeight, 1e18);

        // The longest window still fits the proposal's packed offsets.
        uint256 id = _propose();
        IReputationGovernor.ProposalCore memory p = governor.proposal(id);
        assertEq(p.voteStart, _now() + 30 days);
        assertEq(p.voteEnd, _now() + 120 days);

        vm.startPrank(owner);
        governor.setVotingDelay(0);
        governor.setVotingPeriod(1 hours);
        governor.setProposalThreshold(0);
        governor.setMaxOpenProposals(1);
        governor.setQuorumBps(1);
        governor.setMinHumanTurnout(0);
        governor.setQueuePeriod(1 hours);
        governor.setFeedbackWeights(0, 0, 0);
        vm.stopPrank();
        _proposeAs(stranger, DESC, false); // a zero threshold lets anyone propose
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev A random forest of eight accounts (each delegating to an earlier one or to nobody,
    /// chains of at most four hops), random own weights, a random subset voting in a random order
    /// with random choices: the tallies and every final weight match the model, and the tallies
    /// never exceed the weight in the voters' subtrees.
    function testFuzz_castVote_randomForestRandomOrder(uint256 seed) public {
        uint256 n = 8;
        address[] memory accounts = new address[](n);
        uint256[] memory parent = new uint256[](n);
        uint256[] memory own = new uint256[](n);
        uint256[] memory depth = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            accounts[i] = makeAddr(string.concat("forest", vm.toString(i)));
            own[i] = uint256(keccak256(abi.encode(seed, "own", i))) % 1e18;
            parent[i] = NONE;
            uint256 r = uint256(keccak256(abi.encode(seed, "parent", i)));
            if (i > 0 && r % 3 != 0) {
                uint256 p = (r >> 8) % i;
                if (depth[p] < 4) {
                    parent[i] = p;
                    depth[i] = depth[p] + 1;
                }
            }
            votes.setOwnWeight(accounts[i], own[i]);
        }
        // Parents are set after every weight is in, leaves last so that power flows to the roots.
        for (uint256 i = n; i > 0; --i) {
            if (parent[i - 1] != NONE) votes.setDelegate(accounts[i - 1], accounts[parent[i - 1]]);
        }
        uint256 id = _propose();
        _start(id);

        bool[] memory voted = new bool[](n);
        uint8[] memory support = new uint8[](n);
        uint256[] memory order = _shuffle(n, seed);
        uint256 voters = uint256(keccak256(abi.encode(seed, "count"))) % (n + 1);
        for (uint256 k; k < voters; ++k) {
            uint256 who = order[k];
            support[who] = uint8(uint256(keccak256(abi.encode(seed, "support", who))) % 3);
            _vote(accounts[who], id, support[who]);
            voted[who] = true;
        }
        _checkAgainstModel(id, accounts, parent, own, voted, support);
        uint256[3] memory t = _tallies(id);
        uint256 sumOfFinalWeights;
        for (uint256 i; i < n; ++i) if (voted[i]) sumOfFinalWeights += governor.receipt(id, accounts[i]).weight;
        assertEq(t[0] + t[1] + t[2], sumOfFinalWeights, "tally = sum of the voters' final weights");
        assertLe(t[0] + t[1] + t[2], _behindVoters(parent, own, voted), "never more than the weight behind them");
    }

    function _shuffle(uint256 n, uint256 seed) internal pure returns (uint256[] memory order) {
        order = new uint256[](n);
        for (uint256 i; i < n; ++i) order[i] = i;
        for (uint256 i = n; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, "shuffle", i))) % i;
            (order[i - 1], order[j]) = (order[j], order[i - 1]);
        }
    }

    /// @dev Outcome against a direct computation for random weights of three voters.
    function testFuzz_state_outcomeRule(
        uint64 forWeight,
        uint64 againstWeight,
        uint64 abstainWeight,
        uint16 bps
    ) public {
        bps = uint16(bound(bps, 1, 10_000));
        vm.prank(owner);
        governor.setQuorumBps(bps);
        votes.setOwnWeight(proposer, 1e18); // must still propose
        votes.setOwnWeight(stranger, forWeight);
        votes.setOwnWeight(relayer, againstWeight);
        votes.setOwnWeight(guardian, abstainWeight);
        uint256 id = _propose();
        _start(id);
        _vote(stranger, id, 1);
        _vote(relayer, id, 0);
        _vote(guardian, id, 2);
        _end(id);
        uint256 total = 1e18 + 3e18 + 0.31e18 + uint256(forWeight) + againstWeight + abstainWeight;
        uint256 participation = uint256(forWeight) + againstWeight + abstainWeight;
        bool passes = forWeight > againstWeight && participation * 10_000 >= total * bps;
        assertEq(
            uint8(_state(id)),
            uint8(passes ? IReputationGovernor.ProposalState.Succeeded : IReputationGovernor.ProposalState.Defeated)
        );
        assertEq(participation >= governor.quorum(id), participation * 10_000 >= total * bps, "quorum() agrees");
    }

    /// @dev Random proposals at random times: the cap holds and the count matches the open ones.
    function testFuzz_propose_openCap(uint256 seed) public {
        uint256[] memory ends = new uint256[](40);
        uint256 made;
        for (uint256 step; step < 40; ++step) {
            vm.warp(_now() + (uint256(keccak256(abi.encode(seed, step))) % 16 hours));
            uint256 open;
            for (uint256 i; i < made; ++i) if (ends[i] >= _now()) ++open;
            assertEq(governor.openProposalsOf(proposer), open);
            IAgentTimelock.Action[] memory actions = _actions();
            vm.prank(proposer);
            try governor.propose(actions, vm.toString(step), false) returns (uint256 id) {
                assertLt(open, 3, "accepted under the cap");
                ends[made++] = governor.proposal(id).voteEnd;
            } catch (bytes memory reason) {
                assertEq(open, 3, "refused only at the cap");
                assertEq(
                    reason,
                    abi.encodeWithSelector(
                        IReputationGovernor.ReputationGovernorTooManyOpenProposals.selector,
                        proposer,
                        3
                    )
                );
            }
        }
    }
}

/// @notice Gas of the two calls with targets, measured as a transaction would pay them: 21,000 +
/// calldata (4 gas per zero byte, 16 per other byte) + the call's execution gas
/// (`vm.lastCallGas`), with every touched contract and slot cold (`vm.cool`), as in a transaction
/// of its own. The ledger is the named mock, whose lookups cost about what a checkpoint lookup
/// does; the real ledger's costs add to these figures.
contract ReputationGovernorGasTest is GovernorFixture {
    address internal fresh = makeAddr("fresh");

    function setUp() public override {
        super.setUp();
        votes.setOwnWeight(fresh, 0.5e18);
    }

    function _cool() internal {
        vm.cool(address(governor));
        vm.cool(address(votes));
        vm.cool(address(personhood));
        vm.cool(address(karma));
        vm.cool(address(timelock));
    }

    function _inAll(bytes memory data) internal view returns (uint256) {
        Vm.Gas memory gas = vm.lastCallGas();
        uint256 calldataGas;
        for (uint256 i; i < data.length; ++i) calldataGas += data[i] == 0 ? 4 : 16;
        return 21_000 + calldataGas + gas.gasTotalUsed;
    }

    function test_gas_proposeAndVote() public {
        IAgentTimelock.Action[] memory actions = _actions();
        bytes memory proposeData = abi.encodeCall(governor.propose, (actions, DESC, false));

        _cool();
        vm.prank(fresh);
        uint256 id = governor.propose(actions, DESC, false);
        uint256 firstPropose = _inAll(proposeData);

        vm.warp(_now() + 1);
        _cool();
        vm.prank(fresh);
        governor.propose(actions, DESC, false);
        uint256 repeatPropose = _inAll(proposeData);

        _start(id);
        bytes memory voteData = abi.encodeCall(governor.castVote, (id, 1));
        _cool();
        vm.prank(v);
        governor.castVote(id, 1);
        uint256 topOfChain = _inAll(voteData);

        _cool();
        vm.prank(a1);
        governor.castVote(id, 1);
        uint256 overrideDepth4 = _inAll(voteData);

        _cool();
        vm.prank(whale);
        governor.castVote(id, 1);
        uint256 laterVote = _inAll(voteData);

        console.log("propose, 1 action, first proposal of its proposer:", firstPropose);
        console.log("propose, 1 action, proposer with an earlier proposal:", repeatPropose);
        console.log("castVote, first vote on the proposal, top of a depth-4 chain:", topOfChain);
        console.log("castVote, override by the bottom of the depth-4 chain:", overrideDepth4);
        console.log("castVote, a later vote without delegation:", laterVote);
        // A proposer's first proposal also creates its open-proposal slot (20,000 gas).
        assertLe(firstPropose, 115_000, "first propose");
        assertLe(repeatPropose, 100_000, "propose within 100k");
        assertLe(topOfChain, 70_000, "castVote within 70k");
    }
}
