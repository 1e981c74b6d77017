// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";
import {TaskEscrow} from "../../../contracts/escrow/TaskEscrow.sol";
import {Jury} from "../../../contracts/jury/Jury.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {ITaskEscrow} from "../../../contracts/interfaces/ITaskEscrow.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {IJury} from "../../../contracts/interfaces/IJury.sol";
import {MockERC20} from "../mocks/MockERC20.sol";

/// @notice Deploys the task economy as `deploy/` does, with named actors and helpers that the
/// unit, invariant and attack suites share.
abstract contract AosTestBase is Test {
    KarmaRegistry internal karma;
    StakingVault internal vault;
    TaskEscrow internal escrow;
    Jury internal jury;
    MockERC20 internal token;

    address internal owner = makeAddr("owner");
    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal requester = makeAddr("requester");
    address internal agent = makeAddr("agent");
    address internal stranger = makeAddr("stranger");

    uint16 internal constant JURY_RELIABILITY = 1;
    uint16 internal constant TASK_COMPLETION = 2;
    uint16 internal constant RESPONSE_TIME = 3;
    uint16 internal constant GOVERNANCE = 4;
    uint16 internal codeReview; // accuracy.code_review
    uint16 internal simulation; // accuracy.simulation
    uint16 internal python; // skill.python

    uint96 internal constant BOUNTY = 1 ether;
    uint24 internal constant REVIEW = 1 days;

    function setUp() public virtual {
        karma = new KarmaRegistry(owner, guardian);
        vault = new StakingVault(owner, guardian, karma, treasury);
        escrow = new TaskEscrow(owner, guardian, karma, vault, treasury);
        jury = new Jury(owner, guardian, escrow, karma, vault);
        token = new MockERC20("Test USD", "TUSD");

        vm.startPrank(owner);
        escrow.setJury(jury);
        karma.setUpdater(address(escrow), true);
        karma.setUpdater(address(jury), true);
        vault.setLocker(address(escrow), true);
        vault.setLocker(address(jury), true);
        codeReview = karma.defineDimension("accuracy.code_review", IKarmaRegistry.DimensionKind.Accuracy, 0);
        simulation = karma.defineDimension("accuracy.simulation", IKarmaRegistry.DimensionKind.Accuracy, 0);
        python = karma.defineDimension("skill.python", IKarmaRegistry.DimensionKind.Skill, 0);
        vm.stopPrank();

        vm.deal(requester, 1000 ether);
        vm.deal(agent, 1000 ether);
        vm.deal(stranger, 1000 ether);
        token.mint(requester, 1_000_000 ether);
        token.mint(agent, 1_000_000 ether);
    }

    // ---------------------------------------------------------------- helpers

    function _noRequirements() internal pure returns (IKarmaRegistry.KarmaRequirement[] memory) {
        return new IKarmaRegistry.KarmaRequirement[](0);
    }

    function _noSkills() internal pure returns (uint16[] memory) {
        return new uint16[](0);
    }

    /// @dev Default params: native bounty, default stake, no requirements, deadline in 1 day.
    function _params() internal view returns (ITaskEscrow.TaskParams memory p) {
        p.token = address(0);
        p.amount = BOUNTY;
        p.inputHash = keccak256("input");
        p.taskType = 1;
        p.domain = codeReview;
        p.deadline = uint40(block.timestamp + 1 days);
        p.reviewWindow = REVIEW;
        p.requirements = _noRequirements();
        p.skills = _noSkills();
    }

    function _createNative() internal returns (uint256 taskId) {
        ITaskEscrow.TaskParams memory p = _params();
        vm.prank(requester);
        taskId = escrow.createTask{value: p.amount}(p);
    }

    function _createToken(uint96 amount) internal returns (uint256 taskId) {
        ITaskEscrow.TaskParams memory p = _params();
        p.token = address(token);
        p.amount = amount;
        vm.startPrank(requester);
        token.approve(address(escrow), amount);
        taskId = escrow.createTask(p);
        vm.stopPrank();
    }

    /// @dev Deposits native stake (enough for the minimum standing and a task's lock).
    function _stakeNative(address who, uint256 amount) internal {
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        vault.deposit{value: amount}();
    }

    function _stakeToken(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(vault), amount);
        vault.depositToken(address(token), amount);
        vm.stopPrank();
    }

    /// @dev Claims with the claim's stake: sent along for a native bounty, approved and pulled for a
    /// token bounty (minted to `who` first). `who` still needs a standing stake in the vault.
    function _claim(address who, uint256 taskId) internal {
        uint256 stake = escrow.stakeOf(taskId);
        ITaskEscrow.TaskView memory task = escrow.getTask(taskId);
        if (task.token == address(0)) {
            vm.deal(who, who.balance + stake);
            vm.prank(who);
            escrow.claim{value: stake}(taskId, _noRequirements(), _noSkills());
        } else {
            MockERC20(task.token).mint(who, stake);
            vm.startPrank(who);
            MockERC20(task.token).approve(address(escrow), stake);
            escrow.claim(taskId, _noRequirements(), _noSkills());
            vm.stopPrank();
        }
    }

    function _submit(address who, uint256 taskId) internal {
        vm.prank(who);
        escrow.submitResult(taskId, keccak256(abi.encode("result", taskId)));
    }

    /// @dev Gives `who` karma in `dim` by recording successes as an updater would.
    function _raiseKarma(address who, uint16 dim, uint256 rounds) internal {
        for (uint256 i; i < rounds; ++i) {
            vm.prank(address(escrow));
            karma.recordOutcome(who, dim, 1e18, 1e18);
        }
    }
}
